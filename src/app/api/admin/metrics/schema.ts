// GET /api/admin/metrics (and metrics.csv) query: ?days=N, 1–365 whole days ending today, default 30.
import { z } from "zod";
import { MAX_RANGE_DAYS } from "@/server/admin/days";
import { AppError } from "@/server/errors";

const Days = z.coerce
  .number({ error: "days must be a whole number." })
  .int("days must be a whole number.")
  .min(1, "days must be at least 1.")
  .max(MAX_RANGE_DAYS, `days must be at most ${MAX_RANGE_DAYS}.`);

export function daysParam(url: string): number {
  const raw = new URL(url).searchParams.get("days");
  if (raw === null || raw.trim() === "") return 30;
  const parsed = Days.safeParse(raw.trim());
  if (!parsed.success) throw new AppError("bad_request:days", parsed.error.issues[0]?.message ?? "days is not valid.");
  return parsed.data;
}
