// Billing fixtures shared by the billing tests: PRO grants as earlier webhooks would have left
// them, a grant's state by membership id, signed webhooks delivered through the real route, and
// the database plus local Whop API that the reconciliation rules run against.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { POST } from "@/app/api/webhooks/whop/route";
import type { AppConfig } from "@/server/config";
import { type AppContext, setAppContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { accessGrant, appIdentity, billingTier, reconcileRun, webhookEvent } from "@/server/db/schema";
import { installTestContext, testConfig } from "./context";
import { createTestDatabase, type TestDatabase } from "./db";
import { type FakeWhopApi, signWithReferenceLibrary, startWhopApi, whopEvent } from "./whop-api";

export const uid = () => randomBytes(5).toString("hex");

export interface GrantFixture {
  userId: string | null;
  whopUserId: string;
  membershipId?: string;
  /** Whop's time of the newest event applied to it; a day ago unless given. */
  lastEventAt?: Date;
}

/** Inserts ACTIVE PRO grants in one statement; returns their membership ids in order. */
export async function insertProGrants(db: Db, grants: GrantFixture[]): Promise<string[]> {
  const [pro] = await db.select().from(billingTier).where(eq(billingTier.name, "PRO"));
  if (!pro) throw new Error("the PRO tier is seeded");
  const rows = grants.map((g) => ({
    userId: g.userId,
    whopUserId: g.whopUserId,
    tierId: pro.id,
    status: "ACTIVE" as const,
    source: "whop" as const,
    whopMembershipId: g.membershipId ?? `mem_${uid()}`,
    whopStatus: "active",
    lastEventAt: g.lastEventAt ?? new Date(Date.now() - 86_400_000),
  }));
  if (rows.length) await db.insert(accessGrant).values(rows);
  return rows.map((r) => r.whopMembershipId);
}

export async function grantOf(db: Db, membershipId: string) {
  const [grant] = await db.select().from(accessGrant).where(eq(accessGrant.whopMembershipId, membershipId));
  return grant;
}

export async function storedEvent(db: Db, eventId: string) {
  const [event] = await db.select().from(webhookEvent).where(eq(webhookEvent.id, eventId));
  return event;
}

export interface Delivery {
  eventId: string;
  status: number;
  outcome: string;
}

/** Signs an event with the standardwebhooks reference library and posts it to the webhook route. */
export async function deliverWebhook(secret: string, type: string, data: Record<string, unknown>): Promise<Delivery> {
  const eventId = `msg_${uid()}`;
  const body = whopEvent(type, data, { id: eventId });
  const res = await POST(
    new Request("http://localhost:3000/api/webhooks/whop", {
      method: "POST",
      headers: signWithReferenceLibrary(secret, body, { msgId: eventId }).headers,
      body,
    }),
  );
  const json = (await res.json()) as { outcome?: string };
  return { eventId, status: res.status, outcome: json.outcome ?? "" };
}

export interface ReconcileFixture {
  t: TestDatabase;
  api: FakeWhopApi;
  config: AppConfig;
  ctx: AppContext;
}

/**
 * One database and one local Whop API for a file of reconciliation rules. Before each rule there are
 * no grants, identities or runs, Whop is empty and well-behaved, and `use` gets the fixture.
 */
export function withReconcileFixture(
  options: { apiKey: string; companyId: string; env?: Record<string, string> },
  use: (fixture: ReconcileFixture) => void,
): void {
  let t: TestDatabase;
  let api: FakeWhopApi;
  let config: AppConfig;
  beforeAll(async () => {
    t = await createTestDatabase();
    api = await startWhopApi({ apiKey: options.apiKey, companyId: options.companyId });
    config = testConfig({
      WHOP_API_KEY: options.apiKey,
      WHOP_COMPANY_ID: options.companyId,
      WHOP_API_BASE_URL: api.baseUrl,
      ...options.env,
    });
  });
  beforeEach(async () => {
    await t.db.delete(accessGrant);
    await t.db.delete(appIdentity);
    await t.db.delete(reconcileRun);
    api.reset();
    use({ t, api, config, ctx: installTestContext(t, config) });
  });
  afterEach(() => setAppContext(undefined));
  afterAll(async () => {
    await api.close();
    await t.drop();
  });
}
