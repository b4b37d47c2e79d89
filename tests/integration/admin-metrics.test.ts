// The founder's numbers, from real generations through the route handlers: every admitted model
// call counts (follow-ups, failures and calls still streaming included) on the UTC day it started,
// with exact tokens and cost per day, tier and model; days read from their roll-up give the same
// figures as days read from the ledger; the ledger outlives the 20-draft history.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as metricsGET } from "@/app/api/admin/metrics/route";
import { GET as metricsCsvGET } from "@/app/api/admin/metrics.csv/route";
import { GET as usersGET } from "@/app/api/admin/users/route";
import { POST } from "@/app/api/generate/route";
import { POST as followUpPOST } from "@/app/api/outputs/[id]/messages/route";
import type { Metrics } from "@/server/admin/metrics";
import { queryRows } from "@/server/db/client";
import { accessGrant, appIdentity, billingTier, outputRecord, promptBlueprint } from "@/server/db/schema";
import { admitDraft, settleTurn } from "@/server/generation/turns";
import { adminOverview } from "@/server/ui/admin";
import type { ProviderServer } from "../../devkit/providers/server";
import { ADMIN_EMAIL, adminRequest, signInAs } from "../support/admin";
import type { TestDatabase } from "../support/db";
import {
  installGenerationContext,
  postJson,
  providerConfig,
  readUIStream,
  type SignedIn,
  signIn,
  withGenerationFixture,
} from "../support/generation";

let t: TestDatabase;
let provider: ProviderServer;
withGenerationFixture((database, server) => {
  t = database;
  provider = server;
});

const PRICES = '{"gpt":{"input":2,"output":8},"claude":{"input":3,"output":15}}';
const config = () => providerConfig(provider.url, { ADMIN_EMAILS: ADMIN_EMAIL, MODEL_PRICES: PRICES });

let clock = new Date();
const at = (iso: string) => {
  clock = new Date(iso);
};
const install = () => installGenerationContext(t, config(), { now: () => clock });

async function draft(
  user: SignedIn,
  model: string,
  usage: { inputTokens: number; outputTokens: number } | 429 | 500,
  slug = "blog-post-outline",
) {
  provider.once(typeof usage === "number" ? { chunks: [], failWith: usage } : { chunks: ["# A draft", "\n\nBody."], usage });
  const response = await POST(postJson("/api/generate", { blueprintSlug: slug, userInput: "A brief.", model }, { cookie: user.cookie }));
  expect(response.status).toBe(200);
  await readUIStream(response);
  return response.headers.get("x-output-id") as string;
}

async function followUp(user: SignedIn, outputId: string, model: string, usage: { inputTokens: number; outputTokens: number }) {
  provider.once({ chunks: ["Shorter."], usage });
  const response = await followUpPOST(
    postJson(`/api/outputs/${outputId}/messages`, { content: "Shorter.", model }, { cookie: user.cookie }),
    {
      params: Promise.resolve({ id: outputId }),
    },
  );
  expect(response.status).toBe(200);
  await readUIStream(response);
}

async function blueprintId(slug = "blog-post-outline"): Promise<string> {
  const [row] = await t.db.select({ id: promptBlueprint.id }).from(promptBlueprint).where(eq(promptBlueprint.slug, slug));
  return row!.id;
}

/** A turn admitted straight through turns.ts at the clock, optionally settled. */
async function directTurn(
  user: SignedIn,
  model: string,
  settle?: { status: "aborted"; usage: { inputTokens: number; outputTokens: number } },
) {
  const turn = {
    turnId: randomUUID(),
    outputId: randomUUID(),
    identityId: user.identity.id,
    tier: "FREE",
    blueprintId: await blueprintId(),
    model,
    providerModel: `${model}-model`,
    userText: "A brief.",
    dailyLimit: -1,
    rateLimit: [],
    now: clock,
    leaseSeconds: 3600,
  };
  expect(await admitDraft(t.db, turn)).not.toBeNull();
  if (settle) await settleTurn(t.db, { turnId: turn.turnId, status: settle.status, text: "Partial", usage: settle.usage, now: clock });
  return turn;
}

async function createdOn(user: SignedIn, iso: string) {
  await t.db
    .update(appIdentity)
    .set({ createdAt: new Date(iso) })
    .where(eq(appIdentity.id, user.identity.id));
}

async function proByWhop(user: SignedIn, activatedAt: string) {
  const [pro] = await t.db.select({ id: billingTier.id }).from(billingTier).where(eq(billingTier.name, "PRO"));
  await t.db.insert(accessGrant).values({
    userId: user.identity.id,
    whopUserId: user.identity.whopId,
    tierId: pro!.id,
    status: "ACTIVE",
    source: "whop",
    whopMembershipId: `mem_${randomUUID()}`,
    whopStatus: "active",
    activatedAt: new Date(activatedAt),
  });
}

async function metrics(admin: SignedIn, days: number): Promise<Metrics> {
  const response = await metricsGET(adminRequest(`/api/admin/metrics?days=${days}`, { cookie: admin.cookie }));
  expect(response.status).toBe(200);
  return (await response.json()) as Metrics;
}

const rolledDays = async () =>
  (await queryRows<{ day: string }>(t.db, sql`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM usage_rollup_day ORDER BY day`)).map(
    (r) => r.day,
  );

describe("usage metrics from real generations", () => {
  it("several members, models and days — failures, follow-ups, an aborted call and one still streaming — give exact figures", async () => {
    install();
    at("2026-03-10T09:00:00Z");
    const a = await signIn(t.db, config(), clock);
    const b = await signIn(t.db, config(), clock);
    const c = await signIn(t.db, config(), clock);
    await createdOn(a, "2026-03-10T09:00:00Z");
    await createdOn(b, "2026-03-10T09:30:00Z");
    await createdOn(c, "2026-03-11T09:00:00Z");
    await proByWhop(b, "2026-03-10T09:45:00Z");

    at("2026-03-10T10:00:00Z");
    const first = await draft(a, "gpt", { inputTokens: 100, outputTokens: 50 });
    await followUp(a, first, "claude", { inputTokens: 200, outputTokens: 80 });
    await draft(b, "claude", 429);
    const bDraft = await draft(b, "gpt", { inputTokens: 300, outputTokens: 120 }, "x-thread");

    at("2026-03-11T10:00:00Z");
    await draft(c, "gpt", { inputTokens: 10, outputTokens: 5 });
    await followUp(b, bDraft, "claude", { inputTokens: 400, outputTokens: 200 });
    await draft(c, "claude", 500);
    await directTurn(a, "gpt", { status: "aborted", usage: { inputTokens: 50, outputTokens: 20 } });

    at("2026-03-12T10:00:00Z");
    await draft(a, "gpt", { inputTokens: 1000, outputTokens: 500 });
    await directTurn(c, "claude"); // still streaming

    // Just after midnight the 11th is still open (a margin for clocks behind): read from the ledger.
    at("2026-03-12T00:05:00Z");
    const admin = await signInAs(t.db, config(), ADMIN_EMAIL, clock);
    const early = await metrics(admin, 3);
    expect(await rolledDays()).toEqual(["2026-03-10"]);

    expect(early.range).toEqual({ from: "2026-03-10", to: "2026-03-12", days: 3 });
    expect(early.totals).toEqual({
      generations: 10,
      completed: 6,
      failed: 2,
      aborted: 1,
      inputTokens: 2060,
      outputTokens: 975,
      costUsd: 0.01448,
      signups: 3,
      activePro: 1,
    });
    expect(early.daily).toEqual([
      {
        day: "2026-03-10",
        generations: 4,
        failed: 1,
        inputTokens: 600,
        outputTokens: 250,
        costUsd: 0.00396,
        signups: 2,
        byTier: { FREE: 2, PRO: 2 },
        byModel: { claude: { generations: 2, costUsd: 0.0018 }, gpt: { generations: 2, costUsd: 0.00216 } },
      },
      {
        day: "2026-03-11",
        generations: 4,
        failed: 1,
        inputTokens: 460,
        outputTokens: 225,
        costUsd: 0.00452,
        signups: 1,
        byTier: { FREE: 3, PRO: 1 },
        byModel: { claude: { generations: 2, costUsd: 0.0042 }, gpt: { generations: 2, costUsd: 0.00032 } },
      },
      {
        day: "2026-03-12",
        generations: 2,
        failed: 0,
        inputTokens: 1000,
        outputTokens: 500,
        costUsd: 0.006,
        signups: 0,
        byTier: { FREE: 2, PRO: 0 },
        byModel: { claude: { generations: 1, costUsd: 0 }, gpt: { generations: 1, costUsd: 0.006 } },
      },
    ]);

    // Later that day both past days are rolled up; the figures do not move.
    at("2026-03-12T12:00:00Z");
    expect(await metrics(admin, 3)).toEqual(early);
    expect(await rolledDays()).toEqual(["2026-03-10", "2026-03-11"]);

    // The CSV carries the same days.
    const csv = await metricsCsvGET(adminRequest("/api/admin/metrics.csv?days=3", { cookie: admin.cookie }));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect((await csv.text()).split("\r\n")).toEqual([
      "day,generations,failed,input_tokens,output_tokens,cost_usd,signups",
      "2026-03-10,4,1,600,250,0.003960,2",
      "2026-03-11,4,1,460,225,0.004520,1",
      "2026-03-12,2,0,1000,500,0.006000,0",
      "",
    ]);

    // The overview's charts from the same calls.
    const overview = await adminOverview(t.db, config(), { days: 3, now: clock });
    expect(overview.metrics).toEqual(early);
    expect(overview.failuresByCode).toEqual([
      { code: "provider_busy", calls: 1 },
      { code: "provider_down", calls: 1 },
    ]);
    expect(overview.topBlueprints.map((b) => [b.label, b.calls, b.failed])).toEqual([
      ["Blog post outline", 8, 2],
      ["X/Twitter thread", 2, 0],
    ]);
    expect(overview.models.map((m) => [m.model, m.generations, m.costUsd])).toEqual([
      ["gpt", 5, 0.00848],
      ["claude", 5, 0.006],
    ]);
    // Time to first token: the calls that produced text through a provider (not the failed, aborted-by-hand or streaming ones).
    expect(overview.ttft.map((m) => [m.model, m.calls])).toEqual([
      ["claude", 2],
      ["gpt", 4],
    ]);
    for (const m of overview.ttft) expect(m.p50).toBeGreaterThan(0);
    expect(overview.growthByDay).toEqual([
      { day: "2026-03-10", signups: 2, conversions: 1 },
      { day: "2026-03-11", signups: 1, conversions: 0 },
      { day: "2026-03-12", signups: 0, conversions: 0 },
    ]);
    expect(overview.proByDay).toEqual([
      { day: "2026-03-10", paid: 1, comp: 0 },
      { day: "2026-03-11", paid: 1, comp: 0 },
      { day: "2026-03-12", paid: 1, comp: 0 },
    ]);
    expect(overview.activePro).toEqual({ total: 1, comp: 0 });

    // Members: usage today and over 30 days from the same ledger.
    const users = await usersGET(
      adminRequest(`/api/admin/users?q=${encodeURIComponent(a.identity.email.toUpperCase())}`, { cookie: admin.cookie }),
    );
    expect((await users.json()).users).toEqual([
      {
        id: a.identity.id,
        email: a.identity.email,
        whopUserId: a.identity.whopId,
        tier: "FREE",
        tierSource: "signup",
        tierExpiresAt: null,
        createdAt: "2026-03-10T09:00:00.000Z",
        lastSignInAt: "2026-03-10T09:00:00.000Z",
        usageToday: 1,
        usage30d: 4,
      },
    ]);
  });

  it("a day with a call still streaming is read from the ledger until the call settles, then rolled up", async () => {
    install();
    at("2026-04-01T23:59:00Z");
    const member = await signIn(t.db, config(), clock);
    const turn = await directTurn(member, "gpt");
    at("2026-04-02T12:00:00Z");
    const admin = await signInAs(t.db, config(), ADMIN_EMAIL, clock);
    const before = await metrics(admin, 2);
    expect(before.daily.map((d) => [d.day, d.generations])).toEqual([
      ["2026-04-01", 1],
      ["2026-04-02", 0],
    ]);
    expect(await rolledDays()).not.toContain("2026-04-01");

    await settleTurn(t.db, {
      turnId: turn.turnId,
      status: "complete",
      text: "Done",
      usage: { inputTokens: 7, outputTokens: 3 },
      now: clock,
    });
    const after = await metrics(admin, 2);
    expect(await rolledDays()).toContain("2026-04-01");
    expect(after.daily[0]).toMatchObject({ day: "2026-04-01", generations: 1, inputTokens: 7, outputTokens: 3, costUsd: 0.000038 });
    expect(after.totals).toMatchObject({ generations: 1, completed: 1 });
  });

  it("a PRO member's 25 drafts count 25 after the history has kept the newest 20", async () => {
    install();
    at("2026-05-01T08:00:00Z");
    const pro = await signIn(t.db, config(), clock);
    await proByWhop(pro, "2026-04-01T00:00:00Z");
    for (let i = 0; i < 25; i++) {
      at(`2026-05-01T08:${String(i).padStart(2, "0")}:00Z`);
      await draft(pro, i % 2 ? "claude" : "gpt", { inputTokens: 10, outputTokens: 4 });
    }
    const kept = await t.db.select({ id: outputRecord.id }).from(outputRecord).where(eq(outputRecord.userId, pro.identity.id));
    expect(kept).toHaveLength(20);

    at("2026-05-01T18:00:00Z");
    const admin = await signInAs(t.db, config(), ADMIN_EMAIL, clock);
    const today = await metrics(admin, 1);
    expect(today.totals).toMatchObject({ generations: 25, completed: 25, inputTokens: 250, outputTokens: 100 });
    expect(today.daily[0]?.byTier).toEqual({ FREE: 0, PRO: 25 });
    const users = await usersGET(adminRequest(`/api/admin/users?q=${pro.identity.whopId}`, { cookie: admin.cookie }));
    expect((await users.json()).users[0]).toMatchObject({ tier: "PRO", tierSource: "whop", usageToday: 25, usage30d: 25 });
  });

  it("days is 1–365 (30 when absent); anything else is a 400", async () => {
    install();
    at("2026-06-01T12:00:00Z");
    const admin = await signInAs(t.db, config(), ADMIN_EMAIL, clock);
    expect((await metrics(admin, 365)).daily).toHaveLength(365);
    const fallback = await metricsGET(adminRequest("/api/admin/metrics", { cookie: admin.cookie }));
    expect(((await fallback.json()) as Metrics).range).toEqual({ from: "2026-05-03", to: "2026-06-01", days: 30 });
    for (const days of ["0", "366", "7.5", "abc", "-1"]) {
      const response = await metricsGET(adminRequest(`/api/admin/metrics?days=${days}`, { cookie: admin.cookie }));
      expect(response.status, days).toBe(400);
      expect((await response.json()).error.code).toBe("bad_request:days");
    }
  });
});
