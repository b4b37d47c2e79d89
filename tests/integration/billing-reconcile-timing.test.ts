// Reconciliation and webhooks judged on Whop's own clocks. A grant whose newest applied event (its
// time in Whop's payload, not when it arrived) is younger than the listing's start minus the grace
// window is never expired, since Whop's listing may not show it yet; an expiry by reconciliation
// is not an event, so a later webhook is judged on its own time; a refund waiting for its
// membership is applied when reconciliation first sees that membership; a listing slower than the
// client's timeout fails and changes nothing.
import { describe, expect, it } from "vitest";
import { effectiveTier } from "@/server/access/tiers";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { reconcileAll } from "@/server/billing/reconcile";
import { createWhopClient } from "@/server/billing/whop";
import type { AppConfig } from "@/server/config";
import type { AppContext } from "@/server/context";
import { deliverWebhook, grantOf, insertProGrants, storedEvent, uid, withReconcileFixture } from "../support/billing";
import type { TestDatabase } from "../support/db";
import { type FakeWhopApi, type MembershipFixture, membershipObject } from "../support/whop-api";

const API_KEY = "apik_test_timing_0123456789";
const COMPANY = "biz_test";
const PRO_PRODUCT = "prod_studio_pro";
const SECRET = "ws_test_webhook_secret_0123456789";
const MINUTE = 60_000;

let t: TestDatabase;
let api: FakeWhopApi;
let config: AppConfig;
let ctx: AppContext;
withReconcileFixture(
  { apiKey: API_KEY, companyId: COMPANY, env: { WHOP_PRO_PRODUCT_IDS: PRO_PRODUCT, WHOP_WEBHOOK_SECRET: SECRET } },
  (fixture) => ({ t, api, config, ctx } = fixture),
);

const noRetries = () => createWhopClient(config, { maxRetries: 0 });

async function signIn() {
  const whopId = `user_${uid()}`;
  return (await upsertIdentityAtSignIn(t.db, { whopId, email: `${whopId}@example.com` }, new Date())).identity;
}

function membership(userId: string, overrides: Partial<MembershipFixture> = {}): MembershipFixture {
  return { id: `mem_${uid()}`, userId, planId: "plan_any", productId: PRO_PRODUCT, status: "active", updatedAt: new Date(), ...overrides };
}

/** Fills Whop's listing with memberships of other people, so no run is refused for its size. */
async function othersOnWhop(count: number) {
  const ids = await insertProGrants(
    t.db,
    Array.from({ length: count }, () => ({ userId: null, whopUserId: `user_${uid()}` })),
  );
  const grants = await Promise.all(ids.map((id) => grantOf(t.db, id)));
  for (const g of grants) api.memberships.push(membership(g!.whopUserId!, { id: g!.whopMembershipId!, updatedAt: g!.lastEventAt! }));
}

describe("the grace window", () => {
  it("keeps a membership activated just before a slow listing started, though the listing misses it", async () => {
    await othersOnWhop(3);
    const buyer = await signIn();
    // Activated on Whop two minutes ago; its webhook arrives now; Whop's listing does not show it yet.
    const recent = membership(buyer.whopId, { updatedAt: new Date(Date.now() - 2 * MINUTE) });
    expect((await deliverWebhook(SECRET, "membership.activated", membershipObject(recent))).outcome).toBe("applied: none -> ACTIVE");
    api.pageDelayMs = 200;

    const report = await reconcileAll(ctx, "test", { whop: noRetries() });

    expect(report).toMatchObject({ status: "succeeded", expired: 0 });
    expect(await grantOf(t.db, recent.id)).toMatchObject({ status: "ACTIVE" });
    expect((await effectiveTier(t.db, buyer.id)).name).toBe("PRO");
  });

  it("judges a grant by the event's own time in Whop's payload, not by when it arrived", async () => {
    await othersOnWhop(3);
    const buyer = await signIn();
    // Whop retried this webhook for an hour; it arrives now, about a membership Whop no longer lists.
    const late = membership(buyer.whopId, { updatedAt: new Date(Date.now() - 60 * MINUTE) });
    await deliverWebhook(SECRET, "membership.activated", membershipObject(late));

    const report = await reconcileAll(ctx, "test", { whop: noRetries() });

    expect(report).toMatchObject({ status: "succeeded", expired: 1 });
    expect(await grantOf(t.db, late.id)).toMatchObject({ status: "EXPIRED" });
  });
});

describe("an expiry by reconciliation", () => {
  it("is not an event: a later webhook is judged on its own time", async () => {
    await othersOnWhop(3);
    const buyer = await signIn();
    const lastEventAt = new Date(Date.now() - 120 * MINUTE);
    const [membershipId] = await insertProGrants(t.db, [{ userId: buyer.id, whopUserId: buyer.whopId, lastEventAt }]);
    const report = await reconcileAll(ctx, "test", { whop: noRetries() });
    expect(report).toMatchObject({ status: "succeeded", expired: 1 });
    // The grant keeps the time of the newest Whop event applied to it.
    expect(await grantOf(t.db, membershipId!)).toMatchObject({ status: "EXPIRED", lastEventAt });

    // An event older than the one the grant holds is still stale...
    const older = membership(buyer.whopId, { id: membershipId, updatedAt: new Date(Date.now() - 180 * MINUTE) });
    expect((await deliverWebhook(SECRET, "membership.updated", membershipObject(older))).outcome).toMatch(/^stale/);
    // ...but a real activation of an hour ago, delivered after the run, counts.
    const activation = membership(buyer.whopId, { id: membershipId, updatedAt: new Date(Date.now() - 60 * MINUTE) });
    expect((await deliverWebhook(SECRET, "membership.activated", membershipObject(activation))).outcome).toBe("applied: EXPIRED -> ACTIVE");
    expect((await effectiveTier(t.db, buyer.id)).name).toBe("PRO");
  });
});

describe("a refund waiting for its membership", () => {
  it("is applied when reconciliation first sees the membership, which never gives PRO", async () => {
    await othersOnWhop(3);
    const buyer = await signIn();
    const bought = membership(buyer.whopId, { updatedAt: new Date(Date.now() - 30 * MINUTE) });
    const refund = await deliverWebhook(SECRET, "refund.created", {
      id: `rfnd_${uid()}`,
      created_at: new Date(Date.now() - 20 * MINUTE).toISOString(),
      payment: { id: `pay_${uid()}`, membership: { id: bought.id } },
    });
    expect(refund.outcome).toMatch(/^waiting/);
    api.memberships.push(bought);

    const report = await reconcileAll(ctx, "test", { whop: noRetries() });

    expect(report).toMatchObject({ status: "succeeded", activated: 0 });
    expect(await grantOf(t.db, bought.id)).toMatchObject({ status: "CANCELLED" });
    expect((await effectiveTier(t.db, buyer.id)).name).toBe("FREE");
    expect(await storedEvent(t.db, refund.eventId)).toMatchObject({ waitsFor: null, outcome: expect.stringMatching(/^applied/) });
  });
});

describe("a slow listing", () => {
  it("fails the run past the client's timeout and changes nothing", async () => {
    const buyer = await signIn();
    const [membershipId] = await insertProGrants(t.db, [{ userId: buyer.id, whopUserId: buyer.whopId }]);
    api.pageDelayMs = 1500;
    const impatient = createWhopClient(config, { maxRetries: 0, timeoutMs: 300 });

    const report = await reconcileAll(ctx, "test", { whop: impatient });

    expect(report).toMatchObject({ status: "failed", expired: 0 });
    expect(report.error).toMatch(/did not answer in time/);
    expect(await grantOf(t.db, membershipId!)).toMatchObject({ status: "ACTIVE" });
  });
});
