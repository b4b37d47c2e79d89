// Rate limits per identity and per client address, shared by every app instance: PostgreSQL buckets
// counted by the admission statement together with the daily unit (a rate-limited request costs no
// unit), and which headers name the client address (TRUST_PROXY).
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/generate/route";
import { reserveUnit } from "@/server/access/admission";
import { clientIp, generationKeys } from "@/server/access/rate-limit";
import type { Db } from "@/server/db/client";
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

let t: TestDatabase;
let provider: ProviderServer;
withGenerationFixture((database, server) => {
  t = database;
  provider = server;
});

const at = (iso: string) => new Date(iso);
const config = testConfig({ RATE_LIMIT_PER_MINUTE: "10" });
const start = at("2026-05-01T10:00:00.000Z");

/** One admission of a request of `identityId` from `ip` (an unlimited daily limit): "ok" or the seconds to wait. */
async function attempt(db: Db, identityId: string, ip: string, now: Date): Promise<number | "ok"> {
  try {
    await reserveUnit(db, identityId, -1, now, generationKeys(config, identityId, ip));
    return "ok";
  } catch (error) {
    if (isAppError(error) && error.code === "rate_limit:generate") return error.retryAfter ?? -1;
    throw error;
  }
}

const newIdentity = async () => (await signIn(t.db, config)).identity.id;

describe("per identity and per client address", () => {
  it("the 11th request within a minute is refused with the seconds to wait; the next window allows again", async () => {
    const id = await newIdentity();
    for (let i = 0; i < 10; i++) expect(await attempt(t.db, id, "198.51.100.1", start)).toBe("ok");
    const refused = await attempt(t.db, id, "198.51.100.1", start);
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(60);
    expect(await attempt(t.db, id, "198.51.100.1", new Date(start.getTime() + 61_000))).toBe("ok");
  });

  it("one address is limited across identities at three times the per-identity rate", async () => {
    const outcomes: Array<number | "ok"> = [];
    for (let user = 0; user < 4; user++) {
      const id = await newIdentity();
      for (let i = 0; i < 10; i++) outcomes.push(await attempt(t.db, id, "198.51.100.2", start));
    }
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(30);
  });

  it("with no known client address only the identity's bucket counts", async () => {
    const outcomes: Array<number | "ok"> = [];
    for (let user = 0; user < 4; user++) {
      const id = await newIdentity();
      const ip = clientIp(new Request("http://x/", { headers: { "x-forwarded-for": "198.51.100.3" } }), config.trustProxy);
      for (let i = 0; i < 10; i++) outcomes.push(await attempt(t.db, id, ip, start));
    }
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(40);
  });

  it("30 simultaneous requests of one identity: exactly 10 pass", async () => {
    const id = await newIdentity();
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => attempt(t.db, id, "198.51.100.4", start)));
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(10);
  });
});

describe.skipIf(needsRealPostgres("rate limit shared by two app instances"))("PostgreSQL buckets across two instances", () => {
  const secondHandle = withAnotherHandle(() => t);
  it("two instances share one identity's budget", async () => {
    const id = await newIdentity();
    const now = at("2026-05-01T11:00:00.000Z");
    const handles = [t.db, secondHandle().db];
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(handles[i % 2]!, id, "198.51.100.5", now)));
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(10);
  });
});

describe("which headers name the client address (TRUST_PROXY)", () => {
  const request = (headers: Record<string, string>) => new Request("http://studio.test/api/generate", { headers });
  const spoofed = { "x-real-ip": "203.0.113.66", "x-forwarded-for": "203.0.113.66, 198.51.100.9, 10.0.0.2" };

  it("none (the default off Vercel): no header is believed, whatever a client sends", () => {
    expect(testConfig().trustProxy).toEqual({ kind: "none" });
    expect(clientIp(request(spoofed), { kind: "none" })).toBe("unknown");
  });

  it("vercel (the default on Vercel): Vercel's x-real-ip", () => {
    expect(testConfig({ VERCEL: "1" }).trustProxy).toEqual({ kind: "vercel" });
    expect(clientIp(request(spoofed), { kind: "vercel" })).toBe("203.0.113.66");
  });

  it("a number of hops: the entry the nearest trusted proxy appended, never what the client wrote to its left", () => {
    expect(testConfig({ TRUST_PROXY: "2" }).trustProxy).toEqual({ kind: "hops", hops: 2 });
    expect(clientIp(request(spoofed), { kind: "hops", hops: 1 })).toBe("10.0.0.2");
    expect(clientIp(request(spoofed), { kind: "hops", hops: 2 })).toBe("198.51.100.9");
    expect(clientIp(request({ "x-forwarded-for": "198.51.100.9" }), { kind: "hops", hops: 2 })).toBe("unknown");
  });

  it("anything else is a configuration error", () => {
    expect(() => testConfig({ TRUST_PROXY: "all" })).toThrowError(/TRUST_PROXY/);
  });
});

describe("through POST /api/generate", () => {
  it("past the per-minute limit the request is 429 rate_limit:generate with Retry-After, and no daily unit is used", async () => {
    const config = providerConfig(provider.url, { RATE_LIMIT_PER_MINUTE: "2", TRUST_PROXY: "1" });
    installGenerationContext(t, config);
    const user = await signIn(t.db, config);
    const body = { blueprintSlug: "blog-post-outline", userInput: "Brief", model: "gpt" };
    for (let i = 0; i < 2; i++)
      await readUIStream(
        await POST(postJson("/api/generate", body, { cookie: user.cookie, headers: { "x-forwarded-for": "203.0.113.7" } })),
      );
    const refused = await POST(postJson("/api/generate", body, { cookie: user.cookie, headers: { "x-forwarded-for": "203.0.113.7" } }));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe("rate_limit:generate");
    expect(await usedToday(t.db, user.identity.id)).toBe(2);
  });
});
