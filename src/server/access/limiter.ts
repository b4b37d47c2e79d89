// Picks the shared rate-limit store: Redis when REDIS_URL is set, else the database.
import type { AppContext } from "../context";
import { postgresRateLimiter, type RateLimiter, type RateLimitKey } from "./rate-limit";
import { redisRateLimiter } from "./rate-limit-redis";

export function rateLimiterFor(ctx: Pick<AppContext, "config" | "db">): RateLimiter {
  return ctx.config.redisUrl ? redisRateLimiter(ctx.config.redisUrl) : postgresRateLimiter(ctx.db);
}

/**
 * The rate-limit keys to count inside the admission statement (one round trip for rate limit and
 * daily unit), or undefined after counting them in Redis, which cannot share a statement.
 */
export async function keysForAdmission(ctx: Pick<AppContext, "config" | "db">, keys: RateLimitKey[], now: Date) {
  if (!ctx.config.redisUrl) return keys;
  await rateLimiterFor(ctx).consume(keys, now);
  return undefined;
}
