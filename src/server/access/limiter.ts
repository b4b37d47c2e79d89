// Picks the shared rate-limit store: Redis when REDIS_URL is set, else the database.
import type { AppContext } from "../context";
import { postgresRateLimiter, type RateLimiter, type RateLimitKey } from "./rate-limit";
import { redisRateLimiter } from "./rate-limit-redis";

export function rateLimiterFor(ctx: Pick<AppContext, "config" | "db">): RateLimiter {
  return ctx.config.redisUrl ? redisRateLimiter(ctx.config.redisUrl) : postgresRateLimiter(ctx.db);
}

/**
 * Counts the rate-limit hit now when the limits live in Redis (which cannot share a statement; it
 * throws the refusal when over), or defers it: returns the keys for the admission statement to
 * count together with the daily unit (one round trip).
 */
export async function consumeRateLimitOrDefer(ctx: Pick<AppContext, "config" | "db">, keys: RateLimitKey[], now: Date) {
  if (!ctx.config.redisUrl) return keys;
  await rateLimiterFor(ctx).consume(keys, now);
  return undefined;
}
