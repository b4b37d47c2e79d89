// The grant rules, driven by signed webhooks through the route: which memberships give PRO, in what
// order events count, what ends a membership, and purchases made before the first sign-in.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/whop/route";
import { effectiveTier } from "@/server/access/tiers";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { getAccountBilling, WHOP_MANAGE_URL } from "@/server/billing/account";
import { isProMembership } from "@/server/billing/grants";
import { parseWhopTime } from "@/server/billing/membership";
import { type AppContext, setAppContext } from "@/server/context";
import { accessGrant, webhookEvent } from "@/server/db/schema";
import { LOCAL_PRO_PLAN_ID } from "@/server/local/plan";
import { installTestContext, PRODUCTION_ENV, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { type MembershipFixture, membershipObject, signWithReferenceLibrary, whopEvent } from "../support/whop-api";

const SECRET = "ws_test_webhook_secret_0123456789";
const PRO_PLAN = "plan_pro_monthly";
const PRO_PRODUCT = "prod_studio_pro";

let t: TestDatabase;
let ctx: AppContext;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});
afterEach(() => setAppContext(undefined));

const uid = () => randomBytes(5).toString("hex");
const T0 = Date.parse("2026-05-01T12:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function install() {
  ctx = installTestContext(t, testConfig({ WHOP_WEBHOOK_SECRET: SECRET, WHOP_PRO_PLAN_IDS: PRO_PLAN, WHOP_PRO_PRODUCT_IDS: PRO_PRODUCT }));
}

async function signIn(whopId = `user_${uid()}`) {
  return (await upsertIdentityAtSignIn(ctx.db, { whopId, email: `${whopId}@example.com` }, new Date())).identity;
}

async function deliver(type: string, data: Record<string, unknown>): Promise<{ status: number; outcome: string }> {
  const msgId = `msg_${uid()}`;
  const body = whopEvent(type, data, { id: msgId });
  const res = await POST(
    new Request("http://localhost:3000/api/webhooks/whop", {
      method: "POST",
      headers: signWithReferenceLibrary(SECRET, body, { msgId }).headers,
      body,
    }),
  );
  const json = await res.json();
  return { status: res.status, outcome: json.outcome };
}

function membership(userId: string, overrides: Partial<MembershipFixture> = {}): Record<string, unknown> {
  return membershipObject({
    id: `mem_${uid()}`,
    userId,
    planId: PRO_PLAN,
    productId: "prod_other",
    status: "active",
    updatedAt: at(0),
    ...overrides,
  });
}

const tierOf = async (userId: string) => (await effectiveTier(t.db, userId)).name;
const grantOf = async (membershipId: string) =>
  (await t.db.select().from(accessGrant).where(eq(accessGrant.whopMembershipId, membershipId)))[0];

describe("which memberships give PRO", () => {
  it("a membership of a configured PRO product gives PRO whatever its plan", async () => {
    install();
    const user = await signIn();
    await deliver("membership.activated", membership(user.whopId, { planId: "plan_unlisted", productId: PRO_PRODUCT }));
    expect(await tierOf(user.id)).toBe("PRO");
  });

  it("a membership of an unknown plan is recorded and ignored", async () => {
    install();
    const user = await signIn();
    const m = membership(user.whopId, { planId: "plan_some_other_thing" });
    expect((await deliver("membership.activated", m)).outcome).toBe("ignored: plan not PRO");
    expect(await grantOf(m.id as string)).toBeUndefined();
    expect(await tierOf(user.id)).toBe("FREE");
  });

  it("trialing, canceling and past_due keep access; canceled and expired end it", async () => {
    install();
    const user = await signIn();
    const id = `mem_${uid()}`;
    const steps: Array<[string, string, string]> = [
      ["trialing", "ACTIVE", "PRO"],
      ["active", "ACTIVE", "PRO"],
      ["past_due", "ACTIVE", "PRO"],
      ["canceling", "ACTIVE", "PRO"],
      ["canceled", "CANCELLED", "FREE"],
      ["active", "ACTIVE", "PRO"],
      ["expired", "EXPIRED", "FREE"],
    ];
    for (const [i, [status, grant, tier]] of steps.entries()) {
      await deliver("membership.updated", membership(user.whopId, { id, status, updatedAt: at(i) }));
      expect((await grantOf(id))?.status, status).toBe(grant);
      expect(await tierOf(user.id), status).toBe(tier);
    }
  });

  it("the built-in local plan counts as PRO only in local mode with nothing configured", () => {
    const local = testConfig();
    expect(isProMembership(local, { planId: LOCAL_PRO_PLAN_ID, productId: null })).toBe(true);
    const configured = testConfig({ WHOP_PRO_PLAN_IDS: PRO_PLAN });
    expect(isProMembership(configured, { planId: LOCAL_PRO_PLAN_ID, productId: null })).toBe(false);
    const deployed = testConfig(PRODUCTION_ENV);
    expect(isProMembership(deployed, { planId: LOCAL_PRO_PLAN_ID, productId: null })).toBe(false);
  });
});

describe("the order events are applied in", () => {
  it("a deactivation (t2) delivered before the activation (t1) leaves the grant EXPIRED", async () => {
    install();
    const user = await signIn();
    const id = `mem_${uid()}`;
    await deliver("membership.deactivated", membership(user.whopId, { id, status: "expired", updatedAt: at(2) }));
    const late = await deliver("membership.activated", membership(user.whopId, { id, status: "active", updatedAt: at(1) }));
    expect(late).toEqual({ status: 200, outcome: "stale: a newer event was already applied" });
    expect((await grantOf(id))?.status).toBe("EXPIRED");
    expect(await tierOf(user.id)).toBe("FREE");
  });

  it("a later plan change away from PRO ends that membership's PRO", async () => {
    install();
    const user = await signIn();
    const id = `mem_${uid()}`;
    await deliver("membership.activated", membership(user.whopId, { id, updatedAt: at(0) }));
    await deliver("membership.updated", membership(user.whopId, { id, planId: "plan_basic", updatedAt: at(1) }));
    expect(await grantOf(id)).toMatchObject({ status: "EXPIRED", whopPlanId: "plan_basic" });
  });
});

describe("Whop's clocks", () => {
  it("read ISO strings and Unix seconds (also as strings) alike, and nothing else", () => {
    const iso = "2026-05-01T12:00:00.000Z";
    expect(parseWhopTime(iso)?.toISOString()).toBe(iso);
    expect(parseWhopTime(1777636800)?.toISOString()).toBe(iso);
    expect(parseWhopTime("1777636800")?.toISOString()).toBe(iso);
    expect(parseWhopTime("next tuesday")).toBeNull();
    expect(parseWhopTime(null)).toBeNull();
  });

  it("order deliveries whichever form the membership's updated_at takes", async () => {
    install();
    const user = await signIn();
    const id = `mem_${uid()}`;
    await deliver("membership.deactivated", {
      ...membership(user.whopId, { id, status: "expired" }),
      updated_at: String(at(2).getTime() / 1000),
    });
    const late = await deliver("membership.activated", { ...membership(user.whopId, { id }), updated_at: at(1).toISOString() });
    expect(late.outcome).toMatch(/^stale/);
  });

  it("a membership whose Whop user was deleted is recorded and ignored", async () => {
    install();
    const m = membership("user_gone");
    m.user = null;
    expect((await deliver("membership.activated", m)).outcome).toBe("ignored: membership has no user");
    expect(await grantOf(m.id as string)).toBeUndefined();
  });
});

describe("several memberships", () => {
  it("with two PRO memberships, deactivating one leaves the user PRO", async () => {
    install();
    const user = await signIn();
    const a = membership(user.whopId, { updatedAt: at(0) });
    const b = membership(user.whopId, { updatedAt: at(0) });
    await deliver("membership.activated", a);
    await deliver("membership.activated", b);
    await deliver("membership.deactivated", { ...a, status: "expired", updated_at: at(5).toISOString() });
    expect((await grantOf(a.id as string))?.status).toBe("EXPIRED");
    expect((await grantOf(b.id as string))?.status).toBe("ACTIVE");
    expect(await tierOf(user.id)).toBe("PRO");
  });
});

describe("a purchase before the first sign-in", () => {
  it("is kept under the Whop user and gives PRO at the first sign-in", async () => {
    install();
    const whopId = `user_${uid()}`;
    const m = membership(whopId);
    expect((await deliver("membership.activated", m)).outcome).toBe("applied: none -> ACTIVE");
    expect(await grantOf(m.id as string)).toMatchObject({ userId: null, whopUserId: whopId, status: "ACTIVE" });

    const user = await signIn(whopId);
    expect(await grantOf(m.id as string)).toMatchObject({ userId: user.id });
    expect(await tierOf(user.id)).toBe("PRO");
  });
});

describe("cancellation, refunds, disputes and failed payments", () => {
  it("cancel_at_period_end_changed sets the flag and keeps access until the period ends", async () => {
    install();
    const user = await signIn();
    const id = `mem_${uid()}`;
    await deliver("membership.activated", membership(user.whopId, { id, updatedAt: at(0) }));
    await deliver(
      "membership.cancel_at_period_end_changed",
      membership(user.whopId, { id, status: "canceling", cancelAtPeriodEnd: true, updatedAt: at(1) }),
    );
    expect(await grantOf(id)).toMatchObject({ status: "ACTIVE", cancelAtPeriodEnd: true, whopStatus: "canceling" });
    const billing = await getAccountBilling(t.db, user.id);
    expect(billing).toMatchObject({ tier: "PRO", canUpgrade: false, manageUrl: WHOP_MANAGE_URL });
    expect(billing.grants[0]).toMatchObject({ whopMembershipId: id, status: "ACTIVE", cancelAtPeriodEnd: true });
    expect(billing.grants[0]?.renewsAt).toBeInstanceOf(Date);
  });

  it("a refund of a membership's payment revokes that membership", async () => {
    install();
    const user = await signIn();
    const id = `mem_${uid()}`;
    await deliver("membership.activated", membership(user.whopId, { id, updatedAt: at(0) }));
    const refund = {
      id: `rfnd_${uid()}`,
      amount: 20,
      created_at: at(3).toISOString(),
      payment: { id: `pay_${uid()}`, membership: { id } },
    };
    expect((await deliver("refund.created", refund)).outcome).toBe("applied: ACTIVE -> CANCELLED");
    expect(await tierOf(user.id)).toBe("FREE");
  });

  it("a dispute naming only the payment revokes the membership that payment was for", async () => {
    install();
    const user = await signIn();
    const id = `mem_${uid()}`;
    const paymentId = `pay_${uid()}`;
    await deliver("membership.activated", membership(user.whopId, { id, updatedAt: at(0) }));
    await deliver("payment.succeeded", { id: paymentId, total: 20, membership: { id, status: "active" }, created_at: at(0).toISOString() });
    const dispute = { id: `dspt_${uid()}`, created_at: at(4).toISOString(), payment: { id: paymentId } };
    expect((await deliver("dispute.created", dispute)).outcome).toBe("applied: ACTIVE -> CANCELLED");
    expect((await grantOf(id))?.status).toBe("CANCELLED");
  });

  it("a dispute on a payment we never saw is kept waiting for it and changes nothing yet", async () => {
    install();
    const user = await signIn();
    const id = `mem_${uid()}`;
    await deliver("membership.activated", membership(user.whopId, { id, updatedAt: at(0) }));
    const paymentId = `pay_${uid()}`;
    const dispute = { id: `dspt_${uid()}`, created_at: at(4).toISOString(), payment: { id: paymentId } };
    expect((await deliver("dispute.created", dispute)).outcome).toBe(`waiting: payment ${paymentId} not seen yet`);
    expect(await tierOf(user.id)).toBe("PRO");
  });

  it("a failed payment is recorded but does not revoke (Whop retries while the membership is past_due)", async () => {
    install();
    const user = await signIn();
    const id = `mem_${uid()}`;
    await deliver("membership.activated", membership(user.whopId, { id, updatedAt: at(0) }));
    const failed = await deliver("payment.failed", { id: `pay_${uid()}`, membership: { id, status: "past_due" } });
    expect(failed.outcome).toBe("recorded: payment failures do not revoke access");
    expect(await tierOf(user.id)).toBe("PRO");
    const events = await t.db.select().from(webhookEvent).where(eq(webhookEvent.type, "payment.failed"));
    expect(events.length).toBeGreaterThan(0);
  });
});
