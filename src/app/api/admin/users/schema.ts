// GET /api/admin/users query: ?q= part of an email, or a Whop user id (at most 200 characters).
import { z } from "zod";
import { AppError } from "@/server/errors";

const Query = z.string().trim().max(200, "q is longer than 200 characters.");

export function searchParam(url: string): string {
  const parsed = Query.safeParse(new URL(url).searchParams.get("q") ?? "");
  if (!parsed.success) throw new AppError("bad_request:q", parsed.error.issues[0]?.message ?? "q is not valid.");
  return parsed.data;
}
