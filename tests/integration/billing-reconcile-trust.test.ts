// Reconciliation only acts on a listing it can trust. A page without `data`, without `page_info`,
// or claiming more pages without a cursor to them, and a result that would expire more than
// RECONCILE_MAX_EXPIRE_PERCENT of the active PRO grants (at least 3 always allowed), change nothing:
// the run is recorded failed with the reason and an error is logged. An operator who has checked
// applies a refused result with `npm run reconcile -- --force`. A run left `running` by a process
// that died is closed as failed by the next run.
import { type ExecFileException, execFile } from "node:child_process";
import { eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { reconcileAll } from "@/server/billing/reconcile";
import { createWhopClient } from "@/server/billing/whop";
import type { AppConfig } from "@/server/config";
import type { AppContext } from "@/server/context";
import { accessGrant, reconcileRun } from "@/server/db/schema";
import { grantOf, insertProGrants, uid, withReconcileFixture } from "../support/billing";
import { TEST_SESSION_SECRET, testConfig } from "../support/context";
import { needsRealPostgres, type TestDatabase } from "../support/db";
import type { FakeWhopApi, PageFault } from "../support/whop-api";

const API_KEY = "apik_test_trust_0123456789";
const COMPANY = "biz_test";
const PRO_PRODUCT = "prod_studio_pro";
const ENV = { WHOP_API_KEY: API_KEY, WHOP_COMPANY_ID: COMPANY, WHOP_PRO_PRODUCT_IDS: PRO_PRODUCT };

let t: TestDatabase;
let api: FakeWhopApi;
let config: AppConfig;
let ctx: AppContext;
let errors: MockInstance<typeof console.error>;
withReconcileFixture({ apiKey: API_KEY, companyId: COMPANY, env: { WHOP_PRO_PRODUCT_IDS: PRO_PRODUCT } }, (fixture) => {
  ({ t, api, config, ctx } = fixture);
  errors = vi.spyOn(console, "error");
});
afterEach(() => errors.mockRestore());

const noRetries = () => createWhopClient(config, { maxRetries: 0 });

/** `count` signed-in PRO members with ACTIVE grants; `listed` of them are also on Whop's listing. */
async function proMembers(count: number, listed: number): Promise<string[]> {
  const members: Array<{ userId: string; whopUserId: string }> = [];
  for (let i = 0; i < count; i++) {
    const whopId = `user_${uid()}`;
    const { identity } = await upsertIdentityAtSignIn(t.db, { whopId, email: `${whopId}@example.com` }, new Date());
    members.push({ userId: identity.id, whopUserId: whopId });
  }
  const ids = await insertProGrants(t.db, members);
  ids.slice(0, listed).forEach((id, i) => {
    api.memberships.push({
      id,
      userId: members[i]!.whopUserId,
      planId: "plan_any",
      productId: PRO_PRODUCT,
      status: "active",
      updatedAt: new Date(Date.now() - 86_400_000),
    });
  });
  return ids;
}

async function statuses(ids: string[]): Promise<string[]> {
  const rows = await t.db
    .select({ id: accessGrant.whopMembershipId, status: accessGrant.status })
    .from(accessGrant)
    .where(inArray(accessGrant.whopMembershipId, ids));
  const byId = new Map(rows.map((r) => [r.id, r.status]));
  return ids.map((id) => byId.get(id) ?? "missing");
}

async function runOf(id: string) {
  const [run] = await t.db.select().from(reconcileRun).where(eq(reconcileRun.id, id));
  return run;
}

const loggedErrors = () => errors.mock.calls.map((call) => String(call[0]));

describe("a listing reconciliation cannot trust", () => {
  const faults: Array<[string, PageFault, number, RegExp]> = [
    ["a page without data", "without_data", 2, /page 2.*data/i],
    ["a page without page_info", "without_page_info", 1, /page 1.*page_info/i],
    ["a missing cursor before the last page", "without_cursor", 1, /page 1.*cursor/i],
  ];

  it.each(faults)("changes nothing, is recorded failed with the reason and logs an error: %s", async (_name, fault, page, reason) => {
    // Three PRO members, all on Whop: pages of two, so the listing has two pages.
    const ids = await proMembers(3, 3);
    api.pageFaults.set(page, fault);

    const report = await reconcileAll(ctx, "test", { whop: noRetries() });

    expect(report).toMatchObject({ status: "failed", activated: 0, expired: 0 });
    expect(report.error).toMatch(reason);
    expect(await statuses(ids)).toEqual(["ACTIVE", "ACTIVE", "ACTIVE"]);
    expect(await runOf(report.runId)).toMatchObject({ status: "failed", error: report.error });
    expect(loggedErrors().some((line) => line.includes("reconcile failed") && line.includes(report.error ?? "?"))).toBe(true);

    // Forcing does not make a broken listing complete: it is still refused.
    const forced = await reconcileAll(ctx, "test", { whop: noRetries(), force: true });
    expect(forced.status).toBe("failed");
    expect(await statuses(ids)).toEqual(["ACTIVE", "ACTIVE", "ACTIVE"]);
  });
});

describe("the expiry ceiling", () => {
  it("refuses an empty listing that would expire all 50 active PRO grants; --force applies it", async () => {
    const ids = await proMembers(50, 0);

    const refused = await reconcileAll(ctx, "test", { whop: noRetries() });
    expect(refused).toMatchObject({ status: "failed", expired: 0 });
    expect(refused.error).toMatch(/would expire 50 of 50 active PRO grants/);
    expect(refused.error).toMatch(/--force/);
    expect(new Set(await statuses(ids))).toEqual(new Set(["ACTIVE"]));
    expect(await runOf(refused.runId)).toMatchObject({ status: "failed", error: refused.error });
    expect(loggedErrors().some((line) => line.includes("reconcile failed"))).toBe(true);

    const forced = await reconcileAll(ctx, "test", { whop: noRetries(), force: true });
    expect(forced).toMatchObject({ status: "succeeded", expired: 50 });
    expect(new Set(await statuses(ids))).toEqual(new Set(["EXPIRED"]));
  });

  it("allows 10 % of the active PRO grants by default and refuses one more", async () => {
    api.pageSize = 100;
    const ids = await proMembers(50, 45);
    const allowed = await reconcileAll(ctx, "test", { whop: noRetries() });
    expect(allowed).toMatchObject({ status: "succeeded", expired: 5 });

    // 45 active now; 5 more gone from Whop is over 10 % of 45 (4).
    api.memberships.splice(0, 5);
    const refused = await reconcileAll(ctx, "test", { whop: noRetries() });
    expect(refused.status).toBe("failed");
    expect(refused.error).toMatch(/would expire 5 of 45 active PRO grants/);
    expect((await statuses(ids)).filter((s) => s === "ACTIVE")).toHaveLength(45);
  });

  it("always allows at least 3, and RECONCILE_MAX_EXPIRE_PERCENT raises the share", async () => {
    const few = await proMembers(3, 0);
    expect(await reconcileAll(ctx, "test", { whop: noRetries() })).toMatchObject({ status: "succeeded", expired: 3 });
    expect(await statuses(few)).toEqual(["EXPIRED", "EXPIRED", "EXPIRED"]);

    api.pageSize = 100;
    await proMembers(20, 14);
    const generous = { ...ctx, config: testConfig({ ...ENV, WHOP_API_BASE_URL: api.baseUrl, RECONCILE_MAX_EXPIRE_PERCENT: "30" }) };
    expect(await reconcileAll(generous, "test", { whop: noRetries() })).toMatchObject({ status: "succeeded", expired: 6 });
  });
});

describe.skipIf(needsRealPostgres("`npm run reconcile` as its own process"))("npm run reconcile", () => {
  function reconcileCli(...args: string[]): Promise<{ code: number; out: string }> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "test",
      DATABASE_URL: t.url,
      DATA_DIR: "/tmp/ai-ssa-reconcile-cli-test",
      SESSION_SECRET: TEST_SESSION_SECRET,
      WHOP_WEBHOOK_SECRET: "ws_test_webhook_secret_0123456789",
      WHOP_API_BASE_URL: api.baseUrl,
      ...ENV,
    };
    return new Promise((resolve) => {
      const done = (error: ExecFileException | null, stdout: string, stderr: string) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` });
      execFile(process.execPath, ["--import", "tsx", "scripts/reconcile.ts", ...args], { env, encoding: "utf8" }, done);
    });
  }

  it("exits 1 with the reason for a refused run, and applies it with --force", async () => {
    const ids = await proMembers(10, 0);
    const refused = await reconcileCli();
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Reconciliation failed/);
    expect(refused.out).toMatch(/would expire 10 of 10 active PRO grants/);
    expect(new Set(await statuses(ids))).toEqual(new Set(["ACTIVE"]));

    const forced = await reconcileCli("--force");
    expect(forced.out).toMatch(/Reconciliation succeeded: .*expired 10/);
    expect(forced.code).toBe(0);
    expect(new Set(await statuses(ids))).toEqual(new Set(["EXPIRED"]));
  }, 60_000);
});

describe("a run left running by a killed process", () => {
  it("is closed as failed by the next run", async () => {
    const startedAt = new Date(Date.now() - 3600_000);
    const [dead] = await t.db.insert(reconcileRun).values({ trigger: "cron", status: "running", startedAt }).returning();
    await proMembers(1, 1);

    const report = await reconcileAll(ctx, "test", { whop: noRetries() });

    expect(report.status).toBe("succeeded");
    const closed = await runOf(dead!.id);
    expect(closed).toMatchObject({ status: "failed" });
    expect(closed?.error).toMatch(/stopped before it finished/);
    expect(closed?.finishedAt).toBeInstanceOf(Date);
    expect(await grantOf(t.db, api.memberships[0]!.id)).toMatchObject({ status: "ACTIVE" });
  });
});
