// A buyer's membership webhook can land at one app instance while their first sign-in is being
// saved at another. Whichever commits first, the grant must end up attached to the new identity:
// the buyer is PRO at once, without signing in a second time.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { effectiveTier } from "@/server/access/tiers";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { processEvent } from "@/server/billing/webhooks";
import { type AppContext, composeContext, setAppContext } from "@/server/context";
import { accessGrant } from "@/server/db/schema";
import { testConfig } from "../support/context";
import { createTestDatabase, needsRealPostgres, type TestDatabase, withAnotherHandle } from "../support/db";
import { parsedActivation } from "../support/whop-api";

const PRO_PLAN = "plan_pro_monthly";
const TRIALS = 60;

describe.skipIf(needsRealPostgres("a membership webhook racing the buyer's first sign-in"))("a webhook racing the first sign-in", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ poolMax: 8 });
  });
  afterAll(() => t.drop());
  // Another app instance: its own pool on the same database (closed before the database is dropped).
  const other = withAnotherHandle(() => t, 8);
  afterEach(() => setAppContext(undefined));

  it(`ends attached to the new identity: ${TRIALS} trials of ${TRIALS} end PRO with no second sign-in`, async () => {
    const config = testConfig({ WHOP_PRO_PLAN_IDS: PRO_PLAN });
    // The webhook arrives at another app instance (its own pool) than the sign-in callback.
    const webhookInstance: AppContext = composeContext({ config, database: other() });
    const outcomes: Array<{ tier: string; attached: boolean }> = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const whopId = `user_race_${randomBytes(5).toString("hex")}`;
      const membershipId = `mem_${randomBytes(6).toString("hex")}`;
      const activation = parsedActivation(membershipId, whopId, PRO_PLAN);
      // Both start in the same tick: the callback's sign-in transaction and the webhook's.
      const [signedIn] = await Promise.all([
        upsertIdentityAtSignIn(t.db, { whopId, email: `${whopId}@example.com` }, new Date()),
        processEvent(webhookInstance, `msg_${membershipId}`, activation),
      ]);
      const [grant] = await t.db.select().from(accessGrant).where(eq(accessGrant.whopMembershipId, membershipId));
      outcomes.push({
        tier: (await effectiveTier(t.db, signedIn.identity.id)).name,
        attached: grant?.userId === signedIn.identity.id,
      });
    }
    expect(outcomes.filter((o) => o.attached).length, "grants attached to the identity").toBe(TRIALS);
    expect(outcomes.filter((o) => o.tier === "PRO").length, "buyers PRO right after their first sign-in").toBe(TRIALS);
  }, 120_000);
});
