// Reconciliation against a local server speaking Whop's memberships API through the real
// @whop/sdk: corrects both directions, reads every page before changing anything, reports
// failures without secrets, never overrides a newer webhook, and runs once at a time.
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/cron/reconcile/route";
import { effectiveTier } from "@/server/access/tiers";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { reconcileAll, reconcileUserAtSignIn } from "@/server/billing/reconcile";
import { createWhopClient } from "@/server/billing/whop";
import type { AppConfig } from "@/server/config";
import type { AppContext } from "@/server/context";
import type { Database } from "@/server/db/client";
import { accessGrant, billingTier, reconcileRun } from "@/server/db/schema";
import { uid, withReconcileFixture } from "../support/billing";
import { testConfig } from "../support/context";
import { openAnotherHandle, type TestDatabase } from "../support/db";
import type { FakeWhopApi, MembershipFixture } from "../support/whop-api";

const API_KEY = "apik_test_0123456789abcdef";
const COMPANY = "biz_test";
const PRO_PRODUCT = "prod_studio_pro";
const CRON_SECRET = "cron-secret-for-tests-0123456789";

let t: TestDatabase;
let api: FakeWhopApi;
let config: AppConfig;
let ctx: AppContext;
// No grants, identities or runs, and an empty Whop, for every rule.
withReconcileFixture(
  { apiKey: API_KEY, companyId: COMPANY, env: { WHOP_PRO_PRODUCT_IDS: PRO_PRODUCT, CRON_SECRET } },
  (fixture) => ({ t, api, config, ctx } = fixture),
);

const noRetries = () => createWhopClient(config, { maxRetries: 0 });

async function signIn(whopId = `user_${uid()}`) {
  return (await upsertIdentityAtSignIn(ctx.db, { whopId, email: `${whopId}@example.com` }, new Date())).identity;
}

function onWhop(userId: string, overrides: Partial<MembershipFixture> = {}): MembershipFixture {
  const m = {
    id: `mem_${uid()}`,
    userId,
    planId: "plan_any",
    productId: PRO_PRODUCT,
    status: "active",
    updatedAt: new Date(Date.now() - 3600_000),
    ...overrides,
  };
  api.memberships.push(m);
  return m;
}

/** An ACTIVE PRO grant as an earlier webhook would have left it. */
async function localGrant(userId: string, whopUserId: string, lastEventAt = new Date(Date.now() - 86400_000)) {
  const [pro] = await t.db.select().from(billingTier).where(eq(billingTier.name, "PRO"));
  const membershipId = `mem_${uid()}`;
  await t.db.insert(accessGrant).values({
    userId,
    whopUserId,
    tierId: pro!.id,
    status: "ACTIVE",
    source: "whop",
    whopMembershipId: membershipId,
    whopStatus: "active",
    lastEventAt,
  });
  return membershipId;
}

const statusOf = async (membershipId: string) =>
  (await t.db.select({ status: accessGrant.status }).from(accessGrant).where(eq(accessGrant.whopMembershipId, membershipId)))[0]?.status;

describe("a reconciliation run", () => {
  it("reads all three pages, activates Whop-only memberships and expires local-only grants", async () => {
    const stale = await signIn();
    const staleGrant = await localGrant(stale.id, stale.whopId);
    const kept = await signIn();
    const keptGrant = await localGrant(kept.id, kept.whopId);
    onWhop(kept.whopId, { id: keptGrant });
    const missed = await signIn();
    const missedMembership = onWhop(missed.whopId);
    const neverSignedIn = onWhop(`user_${uid()}`);
    onWhop(`user_${uid()}`);
    onWhop(`user_${uid()}`);

    const report = await reconcileAll(ctx, "test", { whop: noRetries() });

    expect(report).toMatchObject({ status: "succeeded", checked: 6, activated: 4, expired: 1, unchanged: 1, failed: 0 });
    const pages = api.requests.filter((r) => r.path === "/memberships");
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages[0]?.query.getAll("product_ids[]")).toEqual([PRO_PRODUCT]);
    expect(pages[0]?.query.getAll("statuses[]")).toEqual(expect.arrayContaining(["active", "trialing", "canceling", "past_due"]));
    expect(pages[1]?.query.get("after")).toBeTruthy();
    expect(await statusOf(staleGrant)).toBe("EXPIRED");
    expect(await statusOf(keptGrant)).toBe("ACTIVE");
    expect((await effectiveTier(t.db, missed.id)).name).toBe("PRO");
    expect(await statusOf(missedMembership.id)).toBe("ACTIVE");
    // The buyer who never signed in gets PRO at first sign-in.
    const late = await signIn(neverSignedIn.userId);
    expect((await effectiveTier(t.db, late.id)).name).toBe("PRO");
    const [run] = await t.db.select().from(reconcileRun).where(eq(reconcileRun.id, report.runId));
    expect(run).toMatchObject({
      status: "succeeded",
      trigger: "test",
      counts: { checked: 6, activated: 4, expired: 1, unchanged: 1, failed: 0 },
    });
  });

  it("changes nothing and reports the failure when Whop answers 500 on page two", async () => {
    const stale = await signIn();
    const staleGrant = await localGrant(stale.id, stale.whopId);
    const missed = await signIn();
    const first = onWhop(missed.whopId);
    for (let i = 0; i < 4; i++) onWhop(`user_${uid()}`);
    api.failPages.set(2, 500);

    const report = await reconcileAll(ctx, "test", { whop: noRetries() });

    expect(report).toMatchObject({ status: "failed", checked: 0, activated: 0, expired: 0 });
    expect(report.error).toMatch(/Whop API answered 500/);
    expect(await statusOf(staleGrant)).toBe("ACTIVE");
    expect(await statusOf(first.id)).toBeUndefined();
    const [run] = await t.db.select().from(reconcileRun).where(eq(reconcileRun.id, report.runId));
    expect(run).toMatchObject({ status: "failed", error: report.error });
    expect(run?.finishedAt).toBeInstanceOf(Date);
  });

  it("reports a refused API key (401) without the key and changes nothing", async () => {
    const stale = await signIn();
    const staleGrant = await localGrant(stale.id, stale.whopId);
    const wrongKey = createWhopClient(testConfig({ WHOP_API_KEY: "apik_wrong_key_zzzz", WHOP_API_BASE_URL: api.baseUrl }), {
      maxRetries: 0,
    });

    const report = await reconcileAll(ctx, "test", { whop: wrongKey });

    expect(report.status).toBe("failed");
    expect(report.error).toMatch(/refused the API key \(401\)/);
    const stored = (await t.db.select().from(reconcileRun).where(eq(reconcileRun.id, report.runId)))[0];
    expect(JSON.stringify([report, stored])).not.toMatch(/apik_/);
    expect(await statusOf(staleGrant)).toBe("ACTIVE");
  });

  it("never overrides a webhook newer than what Whop listed", async () => {
    const user = await signIn();
    // A webhook already expired this membership after Whop's listed version of it...
    const grant = await localGrant(user.id, user.whopId, new Date());
    await t.db.update(accessGrant).set({ status: "EXPIRED", whopStatus: "expired" }).where(eq(accessGrant.whopMembershipId, grant));
    onWhop(user.whopId, { id: grant, updatedAt: new Date(Date.now() - 60_000) });
    // ...and another activated one after the listing was read.
    const fresh = await localGrant(user.id, user.whopId, new Date(Date.now() + 60_000));

    const report = await reconcileAll(ctx, "test", { whop: noRetries() });

    expect(report).toMatchObject({ status: "succeeded", activated: 0, expired: 0, unchanged: 2 });
    expect(await statusOf(grant)).toBe("EXPIRED");
    expect(await statusOf(fresh)).toBe("ACTIVE");
  });

  it("is refused with a clear reason when WHOP_API_KEY is not set", async () => {
    await expect(reconcileAll(ctx, "test", { whop: null })).rejects.toThrow(/needs WHOP_API_KEY/);
  });
});

describe("two runs at once", () => {
  it("only one does the work; the other reports skipped", async () => {
    const missed = await signIn();
    const m = onWhop(missed.whopId);
    for (let i = 0; i < 3; i++) onWhop(`user_${uid()}`);
    // Whop holds its answer until the test lets go, so whichever run takes the lock is still inside
    // it when the other arrives, however slowly the machine runs either one.
    let release = () => {};
    api.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    // On PostgreSQL the second run is another app instance (its own pool); on PGlite the same process.
    const second: Database = t.url ? await openAnotherHandle(t, 4) : t;
    try {
      const other: AppContext = { ...ctx, database: second, db: second.db };
      const both = [reconcileAll(ctx, "a", { whop: noRetries() }), reconcileAll(other, "b", { whop: noRetries() })];
      // The run without the lock ends first, while the other waits on Whop.
      await expect(Promise.race(both)).resolves.toMatchObject({ status: "skipped" });
      release();
      const reports = await Promise.all(both);
      expect(reports.map((r) => r.status).sort()).toEqual(["skipped", "succeeded"]);
      expect(reports.find((r) => r.status === "succeeded")).toMatchObject({ activated: 4 });
      expect(await statusOf(m.id)).toBe("ACTIVE");
      const runs = await t.db
        .select()
        .from(reconcileRun)
        .where(inArray(reconcileRun.trigger, ["a", "b"]));
      expect(runs.map((r) => r.status).sort()).toEqual(["skipped", "succeeded"]);
    } finally {
      release();
      if (second !== t) await second.close();
    }
  });
});

describe("GET|POST /api/cron/reconcile", () => {
  const call = (handler: typeof GET, authorization?: string) =>
    handler(new Request("http://localhost:3000/api/cron/reconcile", { headers: authorization ? { authorization } : {} }));

  it("refuses a request without the bearer token or with a wrong one (401)", async () => {
    for (const auth of [undefined, "Bearer wrong-secret", `Basic ${CRON_SECRET}`, `Bearer ${CRON_SECRET}x`]) {
      const res = await call(GET, auth);
      expect(res.status, String(auth)).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized:cron");
    }
    expect(await t.db.select().from(reconcileRun)).toHaveLength(0);
  });

  it("runs for the CRON_SECRET holder and returns the counts as JSON, by GET and by POST", async () => {
    const missed = await signIn();
    onWhop(missed.whopId);
    const res = await call(GET, `Bearer ${CRON_SECRET}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "succeeded", checked: 1, activated: 1, expired: 0, unchanged: 0, failed: 0 });
    const again = await call(POST as typeof GET, `Bearer ${CRON_SECRET}`);
    expect(await again.json()).toMatchObject({ status: "succeeded", checked: 1, activated: 0, unchanged: 1 });
  });
});

describe("the sign-in check", () => {
  it("gives PRO at sign-in for a membership whose webhook never arrived", async () => {
    const user = await signIn();
    onWhop(user.whopId);
    onWhop(`user_${uid()}`); // someone else's: not this user's business
    const counts = await reconcileUserAtSignIn(ctx, user, { whop: noRetries() });
    expect(counts).toMatchObject({ checked: 1, activated: 1 });
    expect((await effectiveTier(t.db, user.id)).name).toBe("PRO");
    expect(api.requests[0]?.query.getAll("user_ids[]")).toEqual([user.whopId]);
  });

  it("does nothing without WHOP_API_KEY", async () => {
    const user = await signIn();
    const noKey = { ...ctx, config: testConfig({ WHOP_API_BASE_URL: api.baseUrl, WHOP_PRO_PRODUCT_IDS: PRO_PRODUCT }) };
    expect(await reconcileUserAtSignIn(noKey, user)).toBeNull();
    expect(api.requests).toHaveLength(0);
  });

  it("never fails the sign-in when Whop is down", async () => {
    const user = await signIn();
    const grant = await localGrant(user.id, user.whopId);
    api.failPages.set(1, 500);
    await expect(reconcileUserAtSignIn(ctx, user, { whop: noRetries() })).resolves.toBeNull();
    expect(await statusOf(grant)).toBe("ACTIVE");
  });
});
