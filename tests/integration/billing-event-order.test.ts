// Whop delivers events in any order. Two membership events with the same time end in the same
// state whichever comes first (the one leaving less access wins); a refund or dispute that names a
// payment or membership not seen yet waits for it and is applied when it arrives; a refund revokes
// the membership it paid for even when a newer membership event says it is active.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { effectiveTier } from "@/server/access/tiers";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { setAppContext } from "@/server/context";
import { deliverWebhook, grantOf, storedEvent, uid } from "../support/billing";
import { installTestContext, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { type MembershipFixture, membershipObject } from "../support/whop-api";

const SECRET = "ws_test_webhook_secret_0123456789";
const PRO_PLAN = "plan_pro_monthly";
const T0 = Date.parse("2026-05-01T12:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  installTestContext(t, testConfig({ WHOP_WEBHOOK_SECRET: SECRET, WHOP_PRO_PLAN_IDS: PRO_PLAN }));
});
afterAll(async () => {
  setAppContext(undefined);
  await t.drop();
});

async function signIn() {
  const whopId = `user_${uid()}`;
  return (await upsertIdentityAtSignIn(t.db, { whopId, email: `${whopId}@example.com` }, new Date())).identity;
}

const membership = (userId: string, overrides: Partial<MembershipFixture> = {}) =>
  membershipObject({ id: `mem_${uid()}`, userId, planId: PRO_PLAN, productId: "prod_x", status: "active", updatedAt: at(0), ...overrides });

const deliver = (type: string, data: Record<string, unknown>) => deliverWebhook(SECRET, type, data);

describe("two membership events with the same time", () => {
  const pairs: Array<[string, Partial<MembershipFixture>, Partial<MembershipFixture>, Record<string, unknown>]> = [
    ["active and expired", { status: "active" }, { status: "expired" }, { status: "EXPIRED", whopStatus: "expired" }],
    ["active and canceled", { status: "active" }, { status: "canceled" }, { status: "CANCELLED", whopStatus: "canceled" }],
    ["canceled and expired", { status: "canceled" }, { status: "expired" }, { status: "CANCELLED", whopStatus: "canceled" }],
    ["trialing and past_due", { status: "trialing" }, { status: "past_due" }, { status: "ACTIVE", whopStatus: "past_due" }],
    [
      "active, and active with cancel at period end",
      { status: "active" },
      { status: "active", cancelAtPeriodEnd: true },
      { status: "ACTIVE", whopStatus: "active", cancelAtPeriodEnd: true },
    ],
  ];

  it.each(pairs)("end in the same state in both delivery orders: %s", async (_name, a, b, expected) => {
    const user = await signIn();
    const ends = [];
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const id = `mem_${uid()}`;
      for (const state of order) await deliver("membership.updated", membership(user.whopId, { id, updatedAt: at(1), ...state }));
      ends.push(await grantOf(t.db, id));
    }
    expect(ends[0]).toMatchObject(expected);
    expect(ends[1]).toMatchObject(expected);
  });
});

describe("a refund or dispute that names something not seen yet", () => {
  it("a refund before its membership waits, then revokes the membership when it arrives", async () => {
    const user = await signIn();
    const m = membership(user.whopId);
    const refund = await deliver("refund.created", {
      id: `rfnd_${uid()}`,
      created_at: at(3).toISOString(),
      payment: { id: `pay_${uid()}`, membership: { id: m.id } },
    });
    expect(refund).toMatchObject({ status: 200, outcome: expect.stringMatching(/^waiting/) });
    expect(await storedEvent(t.db, refund.eventId)).toMatchObject({ waitsFor: expect.stringContaining(m.id as string) });

    await deliver("membership.activated", m);

    expect(await grantOf(t.db, m.id as string)).toMatchObject({ status: "CANCELLED" });
    expect((await effectiveTier(t.db, user.id)).name).toBe("FREE");
    expect(await storedEvent(t.db, refund.eventId)).toMatchObject({
      waitsFor: null,
      outcome: "applied after waiting: ACTIVE -> CANCELLED",
    });
  });

  it("a dispute before the payment it names waits, then revokes that payment's membership", async () => {
    const user = await signIn();
    const m = membership(user.whopId);
    await deliver("membership.activated", m);
    const paymentId = `pay_${uid()}`;
    const dispute = await deliver("dispute.created", { id: `dspt_${uid()}`, created_at: at(4).toISOString(), payment: { id: paymentId } });
    expect(dispute.outcome).toMatch(/^waiting/);
    expect((await effectiveTier(t.db, user.id)).name).toBe("PRO");

    await deliver("payment.succeeded", {
      id: paymentId,
      total: 20,
      membership: { id: m.id, status: "active" },
      created_at: at(0).toISOString(),
    });

    expect(await grantOf(t.db, m.id as string)).toMatchObject({ status: "CANCELLED" });
    expect((await effectiveTier(t.db, user.id)).name).toBe("FREE");
    expect(await storedEvent(t.db, dispute.eventId)).toMatchObject({ waitsFor: null });
  });

  it("a dispute before both its payment and its membership is applied when the last of them arrives", async () => {
    const user = await signIn();
    const m = membership(user.whopId);
    const paymentId = `pay_${uid()}`;
    const dispute = await deliver("dispute.created", { id: `dspt_${uid()}`, created_at: at(4).toISOString(), payment: { id: paymentId } });
    await deliver("payment.succeeded", {
      id: paymentId,
      total: 20,
      membership: { id: m.id, status: "active" },
      created_at: at(0).toISOString(),
    });
    expect(await storedEvent(t.db, dispute.eventId)).toMatchObject({ waitsFor: expect.stringContaining(m.id as string) });

    await deliver("membership.activated", m);

    expect(await grantOf(t.db, m.id as string)).toMatchObject({ status: "CANCELLED" });
    expect((await effectiveTier(t.db, user.id)).name).toBe("FREE");
  });
});

describe("a refund and newer membership events", () => {
  const refundOf = (membershipId: string, minutes: number) => ({
    id: `rfnd_${uid()}`,
    created_at: at(minutes).toISOString(),
    payment: { id: `pay_${uid()}`, membership: { id: membershipId } },
  });

  it("a refund older than the newest membership event still revokes the membership it paid for", async () => {
    const user = await signIn();
    const id = `mem_${uid()}`;
    await deliver("membership.activated", membership(user.whopId, { id, updatedAt: at(0) }));
    await deliver("membership.updated", membership(user.whopId, { id, updatedAt: at(5) }));
    expect((await deliver("refund.created", refundOf(id, 3))).outcome).toBe("applied: ACTIVE -> CANCELLED");
    expect((await effectiveTier(t.db, user.id)).name).toBe("FREE");
  });

  it("a membership event newer than the refund does not give the refunded membership back", async () => {
    const user = await signIn();
    const id = `mem_${uid()}`;
    await deliver("membership.activated", membership(user.whopId, { id, updatedAt: at(0) }));
    await deliver("refund.created", refundOf(id, 3));
    const later = await deliver("membership.updated", membership(user.whopId, { id, updatedAt: at(5) }));
    expect(later.outcome).toMatch(/^ignored: the membership was refunded/);
    expect(await grantOf(t.db, id)).toMatchObject({ status: "CANCELLED" });
    expect((await effectiveTier(t.db, user.id)).name).toBe("FREE");
  });
});
