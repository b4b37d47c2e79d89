// Webhook deliveries on the admin side: filtered by type and outcome, and an event that was not
// applied replayed through the webhook's own idempotent path once its cause is fixed, audited.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as auditGET } from "@/app/api/admin/audit/route";
import { POST as replayPOST } from "@/app/api/admin/webhooks/[id]/replay/route";
import { effectiveTier } from "@/server/access/tiers";
import { listWebhookEvents, webhookEventDetail } from "@/server/admin/webhook-events";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { setAppContext } from "@/server/context";
import { webhookEvent } from "@/server/db/schema";
import { ADMIN_EMAIL, adminRequest, signInAs } from "../support/admin";
import { deliverWebhook } from "../support/billing";
import { installTestContext, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { membershipObject } from "../support/whop-api";

const SECRET = "ws_admin_webhooks_secret_0123456789";
const NEW_PLAN = "plan_launched_today";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});
afterEach(() => setAppContext(undefined));

const configWith = (proPlans: string) =>
  testConfig({ WHOP_WEBHOOK_SECRET: SECRET, WHOP_PRO_PLAN_IDS: proPlans, ADMIN_EMAILS: ADMIN_EMAIL });
const uid = () => randomBytes(5).toString("hex");

const replay = (cookie: string, id: string, body: unknown = {}) =>
  replayPOST(adminRequest(`/api/admin/webhooks/${id}/replay`, { method: "POST", cookie, body }), { params: Promise.resolve({ id }) });

describe("replaying a webhook event", () => {
  it("an activation ignored while its plan was not configured as PRO gives PRO once replayed after the fix; audited; once applied it is not replayed again", async () => {
    installTestContext(t, configWith("plan_old"));
    const whopId = `user_${uid()}`;
    const { identity: buyer } = await upsertIdentityAtSignIn(t.db, { whopId, email: `${whopId}@example.com` }, new Date());
    const membership = membershipObject({
      id: `mem_${uid()}`,
      userId: whopId,
      planId: NEW_PLAN,
      productId: "prod_x",
      status: "active",
      updatedAt: new Date(Date.now() - 60_000),
    });
    const delivered = await deliverWebhook(SECRET, "membership.activated", membership);
    expect(delivered).toMatchObject({ status: 200, outcome: "ignored: plan not PRO" });
    expect((await effectiveTier(t.db, buyer.id)).name).toBe("FREE");

    // The operator adds the plan to WHOP_PRO_PLAN_IDS and replays the event from the admin page.
    const ctx = installTestContext(t, configWith(`plan_old,${NEW_PLAN}`));
    const admin = await signInAs(t.db, ctx.config, ADMIN_EMAIL);
    const replayed = await replay(admin.cookie, delivered.eventId, { reason: "Plan added to WHOP_PRO_PLAN_IDS" });
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toEqual({ outcome: "applied: none -> ACTIVE" });
    expect((await effectiveTier(t.db, buyer.id)).name).toBe("PRO");
    const [stored] = await t.db.select().from(webhookEvent).where(eq(webhookEvent.id, delivered.eventId));
    expect(stored?.outcome).toBe("applied: none -> ACTIVE");

    const audit = await auditGET(adminRequest("/api/admin/audit", { cookie: admin.cookie }));
    expect((await audit.json()).entries[0]).toMatchObject({
      actor: ADMIN_EMAIL,
      action: "webhook.replay",
      target: buyer.email,
      targetRef: delivered.eventId,
      reason: "Plan added to WHOP_PRO_PLAN_IDS",
      details: { type: "membership.activated", before: "ignored: plan not PRO", after: "applied: none -> ACTIVE" },
    });
    expect((await webhookEventDetail(t.db, delivered.eventId))?.replays).toBe(1);

    // Applied now: a replay is refused (it could change nothing); an unknown id is a 404.
    const again = await replay(admin.cookie, delivered.eventId);
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("conflict:already_applied");
    const missing = await replay(admin.cookie, "msg_missing");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found:webhook_event");
  });

  it("a replay that finds the same state again is stale, and the stored outcome says so; without a reason the audit says it came from the page", async () => {
    const ctx = installTestContext(t, configWith("plan_old"));
    const whopId = `user_${uid()}`;
    await upsertIdentityAtSignIn(t.db, { whopId, email: `${whopId}@example.com` }, new Date());
    const older = membershipObject({
      id: `mem_${uid()}`,
      userId: whopId,
      planId: "plan_old",
      productId: "prod_x",
      status: "active",
      updatedAt: new Date(Date.now() - 120_000),
    });
    const newer = { ...older, status: "canceled", updated_at: new Date(Date.now() - 60_000).toISOString() };
    await deliverWebhook(SECRET, "membership.deactivated", newer);
    const late = await deliverWebhook(SECRET, "membership.activated", older);
    expect(late.outcome).toMatch(/^stale/);
    const admin = await signInAs(t.db, ctx.config, ADMIN_EMAIL);
    const replayed = await replay(admin.cookie, late.eventId);
    expect(replayed.status).toBe(200);
    expect((await replayed.json()).outcome).toMatch(/^stale/);
    const entries = (await (await auditGET(adminRequest("/api/admin/audit", { cookie: admin.cookie }))).json()).entries;
    expect(entries[0]).toMatchObject({
      action: "webhook.replay",
      targetRef: late.eventId,
      reason: "Replayed from the admin webhooks page.",
    });
  });
});

describe("the webhook list", () => {
  it("filters by type and by what the outcome says before its colon", async () => {
    installTestContext(t, configWith("plan_old"));
    const whopId = `user_${uid()}`;
    const m = membershipObject({
      id: `mem_${uid()}`,
      userId: whopId,
      planId: "plan_old",
      productId: "p",
      status: "active",
      updatedAt: new Date(),
    });
    await deliverWebhook(SECRET, "membership.activated", m);
    await deliverWebhook(SECRET, "payment.succeeded", { id: `pay_${uid()}`, membership: { id: m.id } });
    await deliverWebhook(SECRET, "some.unknown_event", { id: "x" });

    const all = await listWebhookEvents(t.db, {});
    expect(all.types).toEqual(expect.arrayContaining(["membership.activated", "payment.succeeded", "some.unknown_event"]));
    const payments = await listWebhookEvents(t.db, { type: "payment.succeeded" });
    expect(payments.events.every((e) => e.type === "payment.succeeded")).toBe(true);
    expect(payments.events.length).toBeGreaterThan(0);
    const ignored = await listWebhookEvents(t.db, { outcome: "ignored" });
    expect(ignored.events.map((e) => e.outcome)).toContain("ignored: unhandled event type");
    expect(ignored.events.every((e) => e.outcome.startsWith("ignored"))).toBe(true);
    const recorded = await listWebhookEvents(t.db, { type: "payment.succeeded", outcome: "recorded" });
    expect(recorded.events.length).toBeGreaterThan(0);
    expect(await listWebhookEvents(t.db, { type: "payment.succeeded", outcome: "ignored" })).toMatchObject({ events: [] });
  });
});
