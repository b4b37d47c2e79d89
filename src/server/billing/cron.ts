// Who may trigger reconciliation over HTTP: the scheduler holding CRON_SECRET (Vercel Cron sends
// it as `Authorization: Bearer <CRON_SECRET>`). Compared in constant time; fails closed.
import { createHash, timingSafeEqual } from "node:crypto";
import type { AppConfig } from "../config";
import { AppError } from "../errors";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

export function authorizeCron(config: AppConfig, request: Request): void {
  if (!config.cronSecret) throw new AppError("unavailable:cron", "This endpoint is disabled until CRON_SECRET is set.");
  const given = request.headers.get("authorization") ?? "";
  // Hashing both sides gives equal lengths, so the comparison time says nothing about the secret.
  if (!timingSafeEqual(digest(given), digest(`Bearer ${config.cronSecret}`)))
    throw new AppError("unauthorized:cron", "A valid cron bearer token is required.");
}
