// The Redis flavour of the rate limiter (REDIS_URL): rate-limiter-flexible's atomic INCR+PEXPIRE
// script over ioredis, one limiter per points value. One client per process and URL.
import { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { log } from "../log";
import { type RateLimiter, rateLimited, WINDOW_MS } from "./rate-limit";

const redisOfProcess = globalThis as typeof globalThis & { __aiSsaRedisLimiters?: Map<string, { limiter: RateLimiter; client: Redis }> };

export function redisRateLimiter(url: string): RateLimiter {
  redisOfProcess.__aiSsaRedisLimiters ??= new Map();
  const existing = redisOfProcess.__aiSsaRedisLimiters.get(url);
  if (existing) return existing.limiter;
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false });
  client.on("error", (error) => log.warn("redis error", { error }));
  const byPoints = new Map<number, RateLimiterRedis>();
  const limiterFor = (points: number) => {
    let limiter = byPoints.get(points);
    if (!limiter) {
      limiter = new RateLimiterRedis({ storeClient: client, keyPrefix: `rl${points}`, points, duration: WINDOW_MS / 1000 });
      byPoints.set(points, limiter);
    }
    return limiter;
  };
  const limiter: RateLimiter = {
    async consume(keys) {
      const outcomes = await Promise.allSettled(keys.map((k) => limiterFor(k.points).consume(k.key)));
      let wait = 0;
      for (const outcome of outcomes) {
        if (outcome.status === "fulfilled") continue;
        if (outcome.reason instanceof RateLimiterRes) wait = Math.max(wait, outcome.reason.msBeforeNext / 1000);
        // Redis unreachable: let the request through. The daily limit (PostgreSQL) still caps spend,
        // and a rate-limit outage must not take generation down with it.
        else log.error("rate limiter unavailable; request allowed", { error: outcome.reason });
      }
      if (wait > 0) throw rateLimited(wait);
    },
  };
  redisOfProcess.__aiSsaRedisLimiters.set(url, { limiter, client });
  return limiter;
}

/** Tests: close every Redis client this process opened. */
export async function closeRedisRateLimiters(): Promise<void> {
  const entries = [...(redisOfProcess.__aiSsaRedisLimiters?.values() ?? [])];
  redisOfProcess.__aiSsaRedisLimiters?.clear();
  await Promise.all(entries.map((e) => e.client.quit().catch(() => e.client.disconnect())));
}
