// Rate limits per identity and per IP, shared by every app instance: PostgreSQL buckets (one
// atomic upsert) and Redis through rate-limiter-flexible.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/generate/route";
import { clientIp, generationKeys, postgresRateLimiter, type RateLimiter } from "@/server/access/rate-limit";
import { closeRedisRateLimiters, redisRateLimiter } from "@/server/access/rate-limit-redis";
import { isAppError } from "@/server/errors";
import type { ProviderServer } from "../../devkit/providers/server";
import { testConfig } from "../support/context";
import { needsRealPostgres, type TestDatabase, withAnotherHandle } from "../support/db";
import {
  installGenerationContext,
  postJson,
  providerConfig,
  readUIStream,
  signIn,
  usedToday,
  withGenerationFixture,
} from "../support/generation";
import { hasRedisServer, startRedis } from "../support/redis";

let t: TestDatabase;
let provider: ProviderServer;
withGenerationFixture((database, server) => {
  t = database;
  provider = server;
});

const at = (iso: string) => new Date(iso);

async function attempt(limiter: RateLimiter, keys: Parameters<RateLimiter["consume"]>[0], now: Date): Promise<number | "ok"> {
  try {
    await limiter.consume(keys, now);
    return "ok";
  } catch (error) {
    if (isAppError(error) && error.code === "rate_limit:generate") return error.retryAfter ?? -1;
    throw error;
  }
}

/** The same product rules, whichever store holds the buckets. */
function limiterRules(name: string, make: () => RateLimiter, options: { realClock: boolean }) {
  describe(`${name}: per identity and per IP`, () => {
    const config = testConfig({ RATE_LIMIT_PER_MINUTE: "10" });
    const start = options.realClock ? new Date() : at("2026-05-01T10:00:00.000Z");

    it("the 11th request within a minute is refused with the seconds to wait; the next window allows again", async () => {
      const limiter = make();
      const keys = generationKeys(config, `user-${name}-1`, `ip-${name}-1`);
      for (let i = 0; i < 10; i++) expect(await attempt(limiter, keys, start)).toBe("ok");
      const refused = await attempt(limiter, keys, start);
      expect(refused).toBeGreaterThan(0);
      expect(refused).toBeLessThanOrEqual(60);
      if (!options.realClock) expect(await attempt(limiter, keys, new Date(start.getTime() + 61_000))).toBe("ok");
    });

    it("one address is limited across identities at three times the per-identity rate", async () => {
      const limiter = make();
      const outcomes: Array<number | "ok"> = [];
      for (let user = 0; user < 4; user++) {
        for (let i = 0; i < 10; i++)
          outcomes.push(await attempt(limiter, generationKeys(config, `user-${name}-ip-${user}`, `ip-${name}-shared`), start));
      }
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(30);
    });

    it("with no known client address only the identity's bucket counts", async () => {
      const limiter = make();
      const outcomes: Array<number | "ok"> = [];
      for (let user = 0; user < 4; user++) {
        for (let i = 0; i < 10; i++)
          outcomes.push(
            await attempt(limiter, generationKeys(config, `user-${name}-noip-${user}`, clientIp(new Request("http://x/"))), start),
          );
      }
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(40);
    });

    it("30 simultaneous requests of one identity: exactly 10 pass", async () => {
      const limiter = make();
      const keys = generationKeys(config, `user-${name}-burst`, `ip-${name}-burst`);
      const outcomes = await Promise.all(Array.from({ length: 30 }, () => attempt(limiter, keys, start)));
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(10);
    });
  });
}

limiterRules("PostgreSQL", () => postgresRateLimiter(t.db), { realClock: false });

describe.skipIf(needsRealPostgres("rate limit shared by two app instances"))("PostgreSQL buckets across two instances", () => {
  const secondHandle = withAnotherHandle(() => t);
  it("two instances share one identity's budget", async () => {
    const config = testConfig({ RATE_LIMIT_PER_MINUTE: "10" });
    const keys = generationKeys(config, "user-two-instances", "ip-two-instances");
    const now = at("2026-05-01T11:00:00.000Z");
    const limiters = [postgresRateLimiter(t.db), postgresRateLimiter(secondHandle().db)];
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(limiters[i % 2]!, keys, now)));
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(10);
  });
});

if (!hasRedisServer) console.warn("[skipped] Redis rate limits: redis-server is not installed (.ci/run installs it).");
describe.skipIf(!hasRedisServer)("Redis (REDIS_URL)", () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await closeRedisRateLimiters();
    await redis?.stop();
  });
  limiterRules("Redis", () => redisRateLimiter(redis.url), { realClock: true });
});

describe("through POST /api/generate", () => {
  it("past the per-minute limit the request is 429 rate_limit:generate with Retry-After, and no daily unit is used", async () => {
    const config = providerConfig(provider.url, { RATE_LIMIT_PER_MINUTE: "2" });
    installGenerationContext(t, config);
    const user = await signIn(t.db, config);
    const body = { blueprintSlug: "blog-post-outline", userInput: "Brief", model: "gpt" };
    for (let i = 0; i < 2; i++)
      await readUIStream(await POST(postJson("/api/generate", body, { cookie: user.cookie, headers: { "x-real-ip": "203.0.113.7" } })));
    const refused = await POST(postJson("/api/generate", body, { cookie: user.cookie, headers: { "x-real-ip": "203.0.113.7" } }));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe("rate_limit:generate");
    expect(await usedToday(t.db, user.identity.id)).toBe(2);
  });
});
