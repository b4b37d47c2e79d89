// Whop retries, and two app instances may receive the same event at the same moment: on a real
// PostgreSQL with many connections, one event id still has exactly one effect.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/whop/route";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { processEvent } from "@/server/billing/webhooks";
import { type AppContext, composeContext, setAppContext } from "@/server/context";
import { accessGrant, webhookEvent } from "@/server/db/schema";
import { installTestContext, testConfig } from "../support/context";
import { createTestDatabase, needsRealPostgres, type TestDatabase, withAnotherHandle } from "../support/db";
import { membershipObject, parsedActivation, parsedWhopEvent, signWithReferenceLibrary, whopEvent } from "../support/whop-api";

const SECRET = "ws_test_webhook_secret_0123456789";
const PRO_PLAN = "plan_pro_monthly";

describe.skipIf(needsRealPostgres("concurrent webhook deliveries"))("concurrent deliveries on PostgreSQL", () => {
  let t: TestDatabase;
  let ctx: AppContext;
  beforeAll(async () => {
    t = await createTestDatabase({ poolMax: 30 });
  });
  afterAll(() => t.drop());
  // Another app instance: its own pool on the same database (closed before the database is dropped).
  const other = withAnotherHandle(() => t, 20);
  afterEach(() => setAppContext(undefined));

  it("the same event delivered 20 times at once has exactly one effect", async () => {
    ctx = installTestContext(t, testConfig({ WHOP_WEBHOOK_SECRET: SECRET, WHOP_PRO_PLAN_IDS: PRO_PLAN }));
    const whopId = `user_${randomBytes(5).toString("hex")}`;
    await upsertIdentityAtSignIn(ctx.db, { whopId, email: `${whopId}@example.com` }, new Date());
    const msgId = `msg_${randomBytes(6).toString("hex")}`;
    const membershipId = `mem_${randomBytes(6).toString("hex")}`;
    const body = whopEvent(
      "membership.activated",
      membershipObject({
        id: membershipId,
        userId: whopId,
        planId: PRO_PLAN,
        productId: "prod_x",
        status: "active",
        updatedAt: new Date(),
      }),
      { id: msgId },
    );
    const { headers } = signWithReferenceLibrary(SECRET, body, { msgId });

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => POST(new Request("http://localhost:3000/api/webhooks/whop", { method: "POST", headers, body }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const results = await Promise.all(responses.map((r) => r.json()));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await t.db.select().from(webhookEvent).where(eq(webhookEvent.id, msgId))).toHaveLength(1);
    const grants = await t.db.select().from(accessGrant).where(eq(accessGrant.whopMembershipId, membershipId));
    expect(grants).toHaveLength(1);
    expect(grants[0]?.status).toBe("ACTIVE");
  });

  it("different events about one new membership, arriving at two instances at once, end in one grant in event order", async () => {
    const config = testConfig({ WHOP_WEBHOOK_SECRET: SECRET, WHOP_PRO_PLAN_IDS: PRO_PLAN });
    const instances: AppContext[] = [t, other()].map((database) => composeContext({ config, database }));
    const whopId = `user_${randomBytes(5).toString("hex")}`;
    const membershipId = `mem_${randomBytes(6).toString("hex")}`;
    const base = Date.now();
    const events = Array.from({ length: 10 }, (_, i) =>
      parsedWhopEvent(
        "membership.updated",
        membershipObject({
          id: membershipId,
          userId: whopId,
          planId: PRO_PLAN,
          productId: "prod_x",
          // The newest event (i = 9) says expired; every older one says active.
          status: i === 9 ? "expired" : "active",
          updatedAt: new Date(base + i * 1000),
        }),
      ),
    );
    await Promise.all(events.map((e, i) => processEvent(instances[i % 2] as AppContext, `msg_${membershipId}_${i}`, e)));
    const grants = await t.db.select().from(accessGrant).where(eq(accessGrant.whopMembershipId, membershipId));
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ status: "EXPIRED", whopStatus: "expired" });
    expect(grants[0]?.lastEventAt?.getTime()).toBe(base + 9000);
    const [count] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookEvent)
      .where(sql`${webhookEvent.id} like ${`msg_${membershipId}_%`}`);
    expect(count?.n).toBe(10);
  });

  it("a refund and the activation it names, arriving at two instances at once, end CANCELLED in 30 trials of 30", async () => {
    const config = testConfig({ WHOP_WEBHOOK_SECRET: SECRET, WHOP_PRO_PLAN_IDS: PRO_PLAN });
    const [a, b] = [t, other()].map((database) => composeContext({ config, database })) as [AppContext, AppContext];
    const ends: Array<string | undefined> = [];
    for (let trial = 0; trial < 30; trial++) {
      const whopId = `user_${randomBytes(5).toString("hex")}`;
      const membershipId = `mem_${randomBytes(6).toString("hex")}`;
      const activation = parsedActivation(membershipId, whopId, PRO_PLAN);
      const refund = parsedWhopEvent("refund.created", {
        id: `rfnd_${membershipId}`,
        created_at: new Date().toISOString(),
        payment: { id: `pay_${membershipId}`, membership: { id: membershipId } },
      });
      await Promise.all([processEvent(a, `msg_act_${membershipId}`, activation), processEvent(b, `msg_rfnd_${membershipId}`, refund)]);
      const [grant] = await t.db.select().from(accessGrant).where(eq(accessGrant.whopMembershipId, membershipId));
      ends.push(grant?.status);
    }
    expect(ends).toEqual(Array(30).fill("CANCELLED"));
  });

  it("a dispute and the payment it names, arriving at two instances at once, end CANCELLED in 30 trials of 30", async () => {
    const config = testConfig({ WHOP_WEBHOOK_SECRET: SECRET, WHOP_PRO_PLAN_IDS: PRO_PLAN });
    const [a, b] = [t, other()].map((database) => composeContext({ config, database })) as [AppContext, AppContext];
    const ends: Array<string | undefined> = [];
    for (let trial = 0; trial < 30; trial++) {
      const whopId = `user_${randomBytes(5).toString("hex")}`;
      const membershipId = `mem_${randomBytes(6).toString("hex")}`;
      const paymentId = `pay_${membershipId}`;
      await processEvent(a, `msg_act_${membershipId}`, parsedActivation(membershipId, whopId, PRO_PLAN));
      const payment = parsedWhopEvent("payment.succeeded", {
        id: paymentId,
        membership: { id: membershipId },
        created_at: new Date().toISOString(),
      });
      const dispute = parsedWhopEvent("dispute.created", {
        id: `dspt_${membershipId}`,
        created_at: new Date().toISOString(),
        payment: { id: paymentId },
      });
      await Promise.all([processEvent(a, `msg_pay_${membershipId}`, payment), processEvent(b, `msg_dspt_${membershipId}`, dispute)]);
      const [grant] = await t.db.select().from(accessGrant).where(eq(accessGrant.whopMembershipId, membershipId));
      ends.push(grant?.status);
    }
    expect(ends).toEqual(Array(30).fill("CANCELLED"));
  });
});
