// Tier rules, as the product states them, through the route handlers and the real database.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as blueprintsGET } from "@/app/api/blueprints/route";
import { POST } from "@/app/api/generate/route";
import { GET as meGET } from "@/app/api/me/route";
import { POST as followUpPOST, GET as threadGET } from "@/app/api/outputs/[id]/messages/route";
import { loadGateForBlueprint } from "@/server/access/blueprint-access";
import { effectiveTier } from "@/server/access/tiers";
import { unsealSession } from "@/server/auth/session";
import { appIdentity, outputRecord, promptBlueprint } from "@/server/db/schema";
import type { ProviderServer } from "../../devkit/providers/server";
import type { TestDatabase } from "../support/db";
import {
  getWith,
  grantPro,
  installGenerationContext,
  postJson,
  providerConfig,
  readUIStream,
  type SignedIn,
  setUsedToday,
  signIn,
  usedToday,
  withGenerationFixture,
} from "../support/generation";

let t: TestDatabase;
let provider: ProviderServer;
const config = () => providerConfig(provider.url);
withGenerationFixture((database, server) => {
  t = database;
  provider = server;
});

function generate(user: Pick<SignedIn, "cookie"> | null, body: Record<string, unknown>) {
  return POST(
    postJson(
      "/api/generate",
      { blueprintSlug: "blog-post-outline", userInput: "A brief.", model: "gpt", ...body },
      { cookie: user?.cookie },
    ),
  );
}

async function ok(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  await readUIStream(response);
  return response.headers.get("x-output-id") ?? "";
}

describe("daily limits", () => {
  it("a FREE user's sixth generation today is refused with 429, Retry-After to UTC midnight and the limit named", async () => {
    const now = new Date("2026-03-10T23:59:00.000Z");
    installGenerationContext(t, config(), { now: () => now });
    const user = await signIn(t.db, config(), now);
    for (let i = 0; i < 5; i++) await ok(await generate(user, {}));
    const before = provider.requests.length;
    const sixth = await generate(user, {});
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get("retry-after")).toBe("60");
    const body = await sixth.json();
    expect(body.error).toMatchObject({ code: "limit_reached:daily", limit: 5, resetsAt: "2026-03-11T00:00:00.000Z" });
    expect(body.error.message).toMatch(/all 5 generations/);
    expect(provider.requests.length).toBe(before);
    expect(await usedToday(t.db, user.identity.id, now)).toBe(5);
    const outputs = await t.db.select().from(outputRecord).where(eq(outputRecord.userId, user.identity.id));
    expect(outputs).toHaveLength(5);
  });

  it("the count starts again on the next UTC day", async () => {
    let now = new Date("2026-03-10T23:59:30.000Z");
    installGenerationContext(t, config(), { now: () => now });
    const user = await signIn(t.db, config(), now);
    await setUsedToday(t.db, user.identity.id, 5, now);
    expect((await generate(user, {})).status).toBe(429);
    now = new Date("2026-03-11T00:00:01.000Z");
    await ok(await generate(user, {}));
    expect(await usedToday(t.db, user.identity.id, now)).toBe(1);
  });

  it("GET /api/me tells the tier, usage today, the limit, what remains and when it resets", async () => {
    const now = new Date("2026-03-12T10:00:00.000Z");
    installGenerationContext(t, config(), { now: () => now });
    const user = await signIn(t.db, config(), now);
    await ok(await generate(user, {}));
    const me = await (await meGET(getWith("/api/me", user.cookie))).json();
    expect(me).toMatchObject({ id: user.identity.id, tier: "FREE" });
    expect(me.usage).toEqual({ tier: "FREE", limit: 5, used: 1, remaining: 4, resetsAt: "2026-03-13T00:00:00.000Z" });
    await grantPro(t.db, user.identity.id);
    const pro = await (await meGET(getWith("/api/me", user.cookie))).json();
    expect(pro.usage).toMatchObject({ tier: "PRO", limit: null, used: 1, remaining: null });
  });

  it("PRO is unlimited: generation 51 of the day still streams", async () => {
    installGenerationContext(t, config());
    const user = await signIn(t.db, config());
    await grantPro(t.db, user.identity.id);
    await setUsedToday(t.db, user.identity.id, 50);
    await ok(await generate(user, {}));
    expect(await usedToday(t.db, user.identity.id)).toBe(51);
  });

  it("an EXPIRED PRO grant falls back to FREE limits and blueprints", async () => {
    installGenerationContext(t, config());
    const user = await signIn(t.db, config());
    await grantPro(t.db, user.identity.id, "EXPIRED");
    expect((await generate(user, { blueprintSlug: "x-thread" })).status).toBe(403);
    await setUsedToday(t.db, user.identity.id, 5);
    const refused = await generate(user, {});
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe("limit_reached:daily");
  });
});

describe("rate limit and daily limit together", () => {
  it("a rate-limited generation or follow-up is 429 rate_limit and costs no daily unit, creates no output", async () => {
    const limited = providerConfig(provider.url, { RATE_LIMIT_PER_MINUTE: "2" });
    installGenerationContext(t, limited);
    const user = await signIn(t.db, limited);
    const outputId = await ok(await generate(user, {}));
    const params = { params: Promise.resolve({ id: outputId }) };
    const again = () =>
      followUpPOST(postJson(`/api/outputs/${outputId}/messages`, { content: "Shorter." }, { cookie: user.cookie }), params);
    await ok(await again());
    const before = provider.requests.length;
    const generation = await generate(user, {});
    expect(generation.status).toBe(429);
    expect((await generation.json()).error.code).toBe("rate_limit:generate");
    const followUp = await again();
    expect(followUp.status).toBe(429);
    expect(Number(followUp.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(provider.requests.length).toBe(before);
    expect(await usedToday(t.db, user.identity.id)).toBe(2);
    expect(await t.db.select().from(outputRecord).where(eq(outputRecord.userId, user.identity.id))).toHaveLength(1);
  });

  it("at the daily limit and under the rate limit, the refusal is the daily limit", async () => {
    const limited = providerConfig(provider.url, { RATE_LIMIT_PER_MINUTE: "2" });
    installGenerationContext(t, limited);
    const user = await signIn(t.db, limited);
    await setUsedToday(t.db, user.identity.id, 5);
    const refused = await generate(user, {});
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe("limit_reached:daily");
    expect(await usedToday(t.db, user.identity.id)).toBe(5);
  });
});

describe("blueprint access", () => {
  it("FREE on a PRO-only blueprint is 403 pro_required, and nothing is counted", async () => {
    installGenerationContext(t, config());
    const user = await signIn(t.db, config());
    const response = await generate(user, { blueprintSlug: "seo-brief" });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("forbidden:pro_required");
    expect(await usedToday(t.db, user.identity.id)).toBe(0);
  });

  it("FREE on the fourth blueprint by sort order is 403 even when it is not PRO-only (template cap 3)", async () => {
    installGenerationContext(t, config());
    const user = await signIn(t.db, config());
    const fourth = await generate(user, { blueprintSlug: "x-thread" });
    expect(fourth.status).toBe(403);
    await t.db.update(promptBlueprint).set({ isProOnly: false }).where(eq(promptBlueprint.slug, "x-thread"));
    try {
      const overCap = await generate(user, { blueprintSlug: "x-thread" });
      expect(overCap.status).toBe(403);
      expect((await overCap.json()).error.code).toBe("forbidden:over_cap");
      await ok(await generate(user, { blueprintSlug: "cold-email" }));
    } finally {
      await t.db.update(promptBlueprint).set({ isProOnly: true }).where(eq(promptBlueprint.slug, "x-thread"));
    }
  });

  it("PRO may use a PRO-only blueprint", async () => {
    installGenerationContext(t, config());
    const user = await signIn(t.db, config());
    await grantPro(t.db, user.identity.id);
    await ok(await generate(user, { blueprintSlug: "seo-brief" }));
  });

  it("GET /api/blueprints says, per user, which blueprints are allowed and why not", async () => {
    installGenerationContext(t, config());
    const anonymous = await (await blueprintsGET(getWith("/api/blueprints"))).json();
    expect(anonymous.blueprints).toHaveLength(8);
    expect(anonymous.blueprints.every((b: { allowed: boolean; reason: string }) => !b.allowed && b.reason === "sign_in")).toBe(true);

    const free = await signIn(t.db, config());
    const forFree = (await (await blueprintsGET(getWith("/api/blueprints", free.cookie))).json()).blueprints;
    expect(forFree.map((b: { slug: string; allowed: boolean; reason: string | null }) => [b.slug, b.allowed, b.reason])).toEqual([
      ["blog-post-outline", true, null],
      ["product-description", true, null],
      ["cold-email", true, null],
      ["x-thread", false, "pro_required"],
      ["youtube-script", false, "pro_required"],
      ["landing-page-copy", false, "pro_required"],
      ["newsletter-issue", false, "pro_required"],
      ["seo-brief", false, "pro_required"],
    ]);
    await grantPro(t.db, free.identity.id);
    const forPro = (await (await blueprintsGET(getWith("/api/blueprints", free.cookie))).json()).blueprints;
    expect(forPro.every((b: { allowed: boolean }) => b.allowed)).toBe(true);
  });

  it("the one-round-trip gate reads the same tier as effectiveTier for FREE, PRO and expired PRO", async () => {
    const cases = [await signIn(t.db, config()), await signIn(t.db, config()), await signIn(t.db, config())];
    const sessionOf = async (cookie: string) =>
      (await unsealSession(config(), decodeURIComponent(cookie.split("=")[1] ?? ""), new Date()))!;
    await grantPro(t.db, cases[1]!.identity.id);
    await grantPro(t.db, cases[2]!.identity.id, "EXPIRED");
    for (const user of cases) {
      const gate = await loadGateForBlueprint(t.db, await sessionOf(user.cookie), "blog-post-outline");
      const tier = await effectiveTier(t.db, user.identity.id);
      expect(gate?.tier).toEqual({ name: tier.name, dailyLimit: tier.dailyLimit, templateCap: tier.templateCap });
    }
  });
});

describe("who is asking", () => {
  it("no session is 401, and so is a tampered cookie", async () => {
    installGenerationContext(t, config());
    expect((await generate(null, {})).status).toBe(401);
    const user = await signIn(t.db, config());
    const tampered = await generate({ cookie: `${user.cookie.slice(0, -6)}AAAAAA` }, {});
    expect(tampered.status).toBe(401);
    expect((await tampered.json()).error.code).toBe("unauthorized:session");
  });

  it("the cookie of a deleted identity is 401", async () => {
    installGenerationContext(t, config());
    const user = await signIn(t.db, config());
    await t.db.delete(appIdentity).where(eq(appIdentity.id, user.identity.id));
    expect((await generate(user, {})).status).toBe(401);
  });

  it("another user's output is 404, to read and to continue", async () => {
    installGenerationContext(t, config());
    const owner = await signIn(t.db, config());
    const other = await signIn(t.db, config());
    const outputId = await ok(await generate(owner, {}));
    const params = { params: Promise.resolve({ id: outputId }) };
    expect((await threadGET(getWith(`/api/outputs/${outputId}/messages`, other.cookie), params)).status).toBe(404);
    const followUp = await followUpPOST(
      postJson(`/api/outputs/${outputId}/messages`, { content: "Shorter." }, { cookie: other.cookie }),
      params,
    );
    expect(followUp.status).toBe(404);
    expect(await usedToday(t.db, other.identity.id)).toBe(0);
    expect((await threadGET(getWith(`/api/outputs/${outputId}/messages`, owner.cookie), params)).status).toBe(200);
  });
});

describe("request validation", () => {
  it("empty input is 400, more than 8000 characters 413, an oversized body 413, malformed JSON 400", async () => {
    installGenerationContext(t, config());
    const user = await signIn(t.db, config());
    const empty = await generate(user, { userInput: "   " });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.code).toBe("bad_request:input");
    const long = await generate(user, { userInput: "x".repeat(8001) });
    expect(long.status).toBe(413);
    expect((await long.json()).error).toMatchObject({ code: "too_large:input", maxChars: 8000 });
    await ok(await generate(user, { userInput: "x".repeat(8000) }));
    const huge = await POST(postJson("/api/generate", `{"pad":"${"y".repeat(70_000)}"}`, { cookie: user.cookie }));
    expect(huge.status).toBe(413);
    const malformed = await POST(postJson("/api/generate", "{not json", { cookie: user.cookie }));
    expect(malformed.status).toBe(400);
  });

  it("an unknown blueprint is 404; useChat's extra fields are ignored", async () => {
    installGenerationContext(t, config());
    const user = await signIn(t.db, config());
    const unknown = await generate(user, { blueprintSlug: "no-such-blueprint" });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found:blueprint");
    await ok(await generate(user, { id: "chat-1", messages: [{ role: "user", parts: [] }], trigger: "submit-message" }));
    const outputs = await t.db.select().from(outputRecord).where(eq(outputRecord.userId, user.identity.id));
    expect(outputs).toHaveLength(1);
  });
});
