// POST /api/webhooks/whop: only events signed with our secret, fresh, and well-formed change
// anything; each event id has one effect; a failure leaves nothing behind so Whop's retry works.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/whop/route";
import { effectiveTier } from "@/server/access/tiers";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { type AppContext, setAppContext } from "@/server/context";
import { accessGrant, billingTier, webhookEvent } from "@/server/db/schema";
import { installTestContext, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { membershipObject, signWithReferenceLibrary, whopEvent } from "../support/whop-api";

const SECRET = "ws_test_webhook_secret_0123456789";
const PRO_PLAN = "plan_pro_monthly";
const WEBHOOK_URL = "http://localhost:3000/api/webhooks/whop";

let t: TestDatabase;
let ctx: AppContext;
let clock = new Date();
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});
afterEach(() => setAppContext(undefined));

function install(): AppContext {
  clock = new Date();
  ctx = installTestContext(t, testConfig({ WHOP_WEBHOOK_SECRET: SECRET, WHOP_PRO_PLAN_IDS: PRO_PLAN }), () => clock);
  return ctx;
}

const uid = () => randomBytes(5).toString("hex");

async function buyer() {
  const whopId = `user_${uid()}`;
  const { identity } = await upsertIdentityAtSignIn(ctx.db, { whopId, email: `${whopId}@example.com` }, new Date());
  return identity;
}

function activatedBody(whopUserId: string, membershipId = `mem_${uid()}`, msgId = `msg_${uid()}`) {
  const data = membershipObject({
    id: membershipId,
    userId: whopUserId,
    planId: PRO_PLAN,
    productId: "prod_x",
    status: "active",
    updatedAt: new Date(),
  });
  return { msgId, membershipId, body: whopEvent("membership.activated", data, { id: msgId }) };
}

function post(body: string, headers: Record<string, string>): Promise<Response> {
  return POST(new Request(WEBHOOK_URL, { method: "POST", headers, body }));
}

async function signedPost(body: string, options: { msgId?: string; at?: Date; secret?: string } = {}) {
  const signed = signWithReferenceLibrary(options.secret ?? SECRET, body, options);
  return post(body, signed.headers);
}

async function storedEvents(): Promise<number> {
  const [row] = await t.db.select({ n: sql<number>`count(*)::int` }).from(webhookEvent);
  return row?.n ?? 0;
}

async function grantOf(membershipId: string) {
  const [grant] = await t.db.select().from(accessGrant).where(eq(accessGrant.whopMembershipId, membershipId));
  return grant;
}

describe("a valid Whop webhook", () => {
  it("gives the buyer an ACTIVE PRO grant for a PRO plan", async () => {
    install();
    const identity = await buyer();
    const { msgId, membershipId, body } = activatedBody(identity.whopId);
    const res = await signedPost(body, { msgId });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, duplicate: false, outcome: "applied: none -> ACTIVE" });
    expect((await effectiveTier(t.db, identity.id)).name).toBe("PRO");
    const grant = await grantOf(membershipId);
    expect(grant).toMatchObject({ userId: identity.id, status: "ACTIVE", source: "whop", whopStatus: "active", whopPlanId: PRO_PLAN });
    expect(grant?.renewsAt?.toISOString()).toBe("2026-12-31T00:00:00.000Z");
    const [event] = await t.db.select().from(webhookEvent).where(eq(webhookEvent.id, msgId));
    expect(event).toMatchObject({ type: "membership.activated", outcome: "applied: none -> ACTIVE" });
    expect(event?.processedAt).toBeInstanceOf(Date);
  });

  it("has one effect when the same event is delivered twice", async () => {
    install();
    const identity = await buyer();
    const { msgId, membershipId, body } = activatedBody(identity.whopId);
    expect((await signedPost(body, { msgId })).status).toBe(200);
    const before = await grantOf(membershipId);
    clock = new Date(clock.getTime() + 60_000); // a redelivery a minute later, freshly signed
    const again = await signedPost(body, { msgId, at: clock });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    const after = await grantOf(membershipId);
    expect(after?.updatedAt.getTime()).toBe(before?.updatedAt.getTime());
    const rows = await t.db.select().from(webhookEvent).where(eq(webhookEvent.id, msgId));
    expect(rows).toHaveLength(1);
  });

  it("is accepted when any one of several signatures matches (secret rotation)", async () => {
    install();
    const identity = await buyer();
    const { msgId, membershipId, body } = activatedBody(identity.whopId);
    const good = signWithReferenceLibrary(SECRET, body, { msgId });
    const old = signWithReferenceLibrary("ws_previous_secret_abcdefghij", body, { msgId });
    const headers = {
      ...good.headers,
      "webhook-signature": `${old.headers["webhook-signature"]} v2,abc ${good.headers["webhook-signature"]}`,
    };
    expect((await post(body, headers)).status).toBe(200);
    expect((await grantOf(membershipId))?.status).toBe("ACTIVE");
  });

  it("records an event type we do not act on as ignored and answers 200", async () => {
    install();
    const msgId = `msg_${uid()}`;
    const res = await signedPost(whopEvent("course_lesson_interaction.completed", { id: "x" }, { id: msgId }), { msgId });
    expect(res.status).toBe(200);
    const [event] = await t.db.select().from(webhookEvent).where(eq(webhookEvent.id, msgId));
    expect(event?.outcome).toBe("ignored: unhandled event type");
  });
});

describe("a webhook that is not proven to be Whop's", () => {
  const cases: Array<[string, string, (body: string, msgId: string) => Promise<Response>]> = [
    [
      "signed with another secret",
      "signature_match",
      (body, msgId) => signedPost(body, { msgId, secret: "ws_someone_elses_secret_12345" }),
    ],
    [
      "with a body changed after signing",
      "signature_match",
      (body, msgId) => post(body.replace('"active"', '"trialing"'), signWithReferenceLibrary(SECRET, body, { msgId }).headers),
    ],
    [
      "timestamped 10 minutes ago",
      "timestamp_tolerance",
      (body, msgId) => signedPost(body, { msgId, at: new Date(Date.now() - 10 * 60_000) }),
    ],
    [
      "timestamped 10 minutes ahead",
      "timestamp_tolerance",
      (body, msgId) => signedPost(body, { msgId, at: new Date(Date.now() + 10 * 60_000) }),
    ],
    [
      "with a timestamp that is not a number",
      "timestamp_format",
      (body, msgId) => post(body, { ...signWithReferenceLibrary(SECRET, body, { msgId }).headers, "webhook-timestamp": "soon" }),
    ],
    ...(["webhook-id", "webhook-timestamp", "webhook-signature"] as const).map(
      (header): [string, string, (body: string, msgId: string) => Promise<Response>] => [
        `without the ${header} header`,
        "headers_present",
        (body, msgId) => {
          const { [header]: _dropped, ...rest } = signWithReferenceLibrary(SECRET, body, { msgId }).headers;
          return post(body, rest);
        },
      ],
    ),
  ];

  it.each(cases)("is refused with 401 and nothing is stored when %s (check %s)", async (_name, check, send) => {
    install();
    const identity = await buyer();
    const { msgId, membershipId, body } = activatedBody(identity.whopId);
    const events = await storedEvents();
    const res = await send(body, msgId);
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatchObject({ code: "unauthorized:webhook", check });
    expect(await storedEvents()).toBe(events);
    expect(await grantOf(membershipId)).toBeUndefined();
    expect((await effectiveTier(t.db, identity.id)).name).toBe("FREE");
  });
});

describe("a correctly signed body that is not a Whop event", () => {
  it.each([
    ["malformed JSON", "{"],
    ["JSON of another shape", JSON.stringify({ hello: "world" })],
    ["a membership event without a plan", whopEvent("membership.activated", { id: "mem_x", status: "active", user: { id: "user_x" } })],
  ])("answers 400 and changes nothing for %s", async (_name, body) => {
    install();
    const events = await storedEvents();
    const res = await signedPost(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_request:webhook");
    expect(await storedEvents()).toBe(events);
  });

  it("answers 413 for a body over the size cap, before verifying it", async () => {
    install();
    const res = await signedPost(JSON.stringify({ padding: "x".repeat(300 * 1024) }));
    expect(res.status).toBe(413);
  });
});

describe("a failure while applying an event", () => {
  it("stores neither the event nor its effect, so Whop's retry is applied in full", async () => {
    install();
    const identity = await buyer();
    const { msgId, membershipId, body } = activatedBody(identity.whopId);
    // Break the PRO tier lookup for one delivery: the handler fails after recording the event id.
    await t.db.update(billingTier).set({ name: "PRO_MISSING" }).where(eq(billingTier.name, "PRO"));
    try {
      const failed = await signedPost(body, { msgId });
      expect(failed.status).toBe(503);
    } finally {
      await t.db.update(billingTier).set({ name: "PRO" }).where(eq(billingTier.name, "PRO_MISSING"));
    }
    expect(await t.db.select().from(webhookEvent).where(eq(webhookEvent.id, msgId))).toHaveLength(0);
    expect(await grantOf(membershipId)).toBeUndefined();

    const retried = await signedPost(body, { msgId });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ duplicate: false });
    expect((await effectiveTier(t.db, identity.id)).name).toBe("PRO");
  });
});
