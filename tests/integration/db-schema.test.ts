import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/server/db/client";
import { migrateDatabase } from "@/server/db/migrate";
import { accessGrant, appIdentity, billingTier, promptBlueprint, usageCounter, webhookEvent } from "@/server/db/schema";
import { seedDatabase } from "@/server/db/seed";
import { createTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false, seed: false });
});
afterAll(async () => {
  await t.drop();
});

async function schemaFingerprint() {
  const result = await queryRows(
    t.db,
    sql`
    select table_name, column_name, data_type, is_nullable, column_default
    from information_schema.columns where table_schema = 'public' order by table_name, column_name`,
  );
  const constraints = await queryRows(
    t.db,
    sql`
    select conname from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where n.nspname = 'public' order by conname`,
  );
  const indexes = await queryRows(t.db, sql`select indexname from pg_indexes where schemaname = 'public' order by indexname`);
  return JSON.stringify([result, constraints, indexes]);
}

async function counts() {
  const rows = await queryRows(
    t.db,
    sql`
    select (select count(*) from billing_tier)::int as tiers, (select count(*) from prompt_blueprint)::int as blueprints`,
  );
  return rows[0];
}

describe("migrations", () => {
  it("apply to an empty database and create every table of the data model", async () => {
    await migrateDatabase(t);
    const tables = await queryRows<{ table_name: string }>(
      t.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((r) => r.table_name)).toEqual([
      "access_grant",
      "app_identity",
      "audit_log",
      "billing_tier",
      "conversation_node",
      "output_record",
      "prompt_blueprint",
      "rate_limit_bucket",
      "reconcile_run",
      "revoked_session",
      "usage_counter",
      "usage_daily",
      "usage_daily_blueprint",
      "usage_daily_ttft",
      "usage_event",
      "usage_rollup_day",
      "webhook_event",
    ]);
  });

  it("apply again without changing anything", async () => {
    const before = await schemaFingerprint();
    await migrateDatabase(t);
    expect(await schemaFingerprint()).toBe(before);
  });
});

describe("seed", () => {
  it("creates FREE (5 a day, 3 blueprints) and PRO (unlimited, 8 blueprints) and 8 blueprints, 3 open to FREE", async () => {
    const first = await seedDatabase(t.db);
    expect(first).toEqual({ tiersAdded: 2, blueprintsAdded: 8 });
    const tiers = await t.db.select().from(billingTier).orderBy(billingTier.rank);
    expect(tiers.map((x) => [x.name, x.dailyLimit, x.templateCap])).toEqual([
      ["FREE", 5, 3],
      ["PRO", -1, 8],
    ]);
    const blueprints = await t.db.select().from(promptBlueprint).orderBy(promptBlueprint.sortOrder);
    expect(blueprints.filter((b) => !b.isProOnly).map((b) => b.sortOrder)).toEqual([1, 2, 3]);
    expect(blueprints.filter((b) => b.isProOnly)).toHaveLength(5);
    for (const b of blueprints) {
      expect(b.instructions.length).toBeGreaterThan(300);
      expect(b.instructions).toMatch(/Markdown/);
    }
  });

  it("a second run changes nothing and keeps an operator's edits", async () => {
    await t.db.execute(sql`update billing_tier set daily_limit = 7 where name = 'FREE'`);
    const before = await counts();
    expect(await seedDatabase(t.db)).toEqual({ tiersAdded: 0, blueprintsAdded: 0 });
    expect(await counts()).toEqual(before);
    const [free] = await t.db.select().from(billingTier).where(sql`name = 'FREE'`);
    expect(free?.dailyLimit).toBe(7);
    await t.db.execute(sql`update billing_tier set daily_limit = 5 where name = 'FREE'`);
  });
});

describe("unique constraints", () => {
  async function rejects(promise: Promise<unknown>) {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e as { cause?: { code?: string }; code?: string },
    );
    expect(error, "the insert should have been refused").toBeDefined();
    expect(error?.cause?.code ?? error?.code).toBe("23505");
  }

  it("one identity per Whop user id", async () => {
    await t.db.insert(appIdentity).values({ whopId: "user_dup", email: "a@example.com" });
    await rejects(t.db.insert(appIdentity).values({ whopId: "user_dup", email: "b@example.com" }));
  });

  it("one tier per name, one blueprint per slug and per sort position", async () => {
    await rejects(t.db.insert(billingTier).values({ name: "FREE", dailyLimit: 1, templateCap: 1 }));
    await rejects(
      t.db.insert(promptBlueprint).values({ slug: "cold-email", label: "x", description: "x", instructions: "x", sortOrder: 99 }),
    );
    await rejects(t.db.insert(promptBlueprint).values({ slug: "new-one", label: "x", description: "x", instructions: "x", sortOrder: 1 }));
  });

  it("one grant per Whop membership and one sign-up grant per identity", async () => {
    const [user] = await t.db.insert(appIdentity).values({ whopId: "user_grants", email: "g@example.com" }).returning();
    const [free] = await t.db.select().from(billingTier).where(sql`name = 'FREE'`);
    const [pro] = await t.db.select().from(billingTier).where(sql`name = 'PRO'`);
    const signup = { userId: user!.id, tierId: free!.id, status: "ACTIVE" as const, source: "signup" as const };
    await t.db.insert(accessGrant).values(signup);
    await rejects(t.db.insert(accessGrant).values(signup));
    const membership = { userId: user!.id, tierId: pro!.id, status: "ACTIVE" as const, source: "whop" as const, whopMembershipId: "mem_1" };
    await t.db.insert(accessGrant).values(membership);
    await rejects(t.db.insert(accessGrant).values(membership));
  });

  it("one usage counter per identity per day and one record per webhook event id", async () => {
    const [user] = await t.db.insert(appIdentity).values({ whopId: "user_usage", email: "u@example.com" }).returning();
    await t.db.insert(usageCounter).values({ userId: user!.id, day: "2026-11-25", count: 1 });
    await rejects(t.db.insert(usageCounter).values({ userId: user!.id, day: "2026-11-25", count: 1 }));
    await t.db.insert(webhookEvent).values({ id: "msg_1", type: "membership.activated", outcome: "applied" });
    await rejects(t.db.insert(webhookEvent).values({ id: "msg_1", type: "membership.activated", outcome: "applied" }));
  });

  it("deleting an identity removes its grants and usage (cascade)", async () => {
    const [user] = await t.db.insert(appIdentity).values({ whopId: "user_cascade", email: "c@example.com" }).returning();
    const [free] = await t.db.select().from(billingTier).where(sql`name = 'FREE'`);
    await t.db.insert(accessGrant).values({ userId: user!.id, tierId: free!.id, status: "ACTIVE", source: "signup" });
    await t.db.insert(usageCounter).values({ userId: user!.id, day: "2026-11-25", count: 2 });
    await t.db.delete(appIdentity).where(sql`id = ${user!.id}`);
    const left = await queryRows(
      t.db,
      sql`select (select count(*) from access_grant where user_id = ${user!.id})::int as g, (select count(*) from usage_counter where user_id = ${user!.id})::int as u`,
    );
    expect(left[0]).toEqual({ g: 0, u: 0 });
  });
});
