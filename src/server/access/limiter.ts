// Picks the shared rate-limit store: Redis when REDIS_URL is set, else the database.
import type { AppContext } from "../context";
import { postgresRateLimiter, type RateLimiter } from "./rate-limit";
import { redisRateLimiter } from "./rate-limit-redis";

export function rateLimiterFor(ctx: Pick<AppContext, "config" | "db">): RateLimiter {
  return ctx.config.redisUrl ? redisRateLimiter(ctx.config.redisUrl) : postgresRateLimiter(ctx.db);
}
