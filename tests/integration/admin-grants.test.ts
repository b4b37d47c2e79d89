// Member actions: an admin grants PRO for N days ("comp") or revokes a comp, each with a reason,
// audited, effective on the member's next request. A comp is not a Whop membership: reconciliation
// leaves it alone, and it ends on its date by itself — for the generation gate and effectiveTier alike.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as auditGET } from "@/app/api/admin/audit/route";
import { DELETE as revokeDELETE } from "@/app/api/admin/grants/[id]/route";
import { POST as grantPOST } from "@/app/api/admin/grants/route";
import { GET as usersGET } from "@/app/api/admin/users/route";
import { POST as generatePOST } from "@/app/api/generate/route";
import { effectiveTier } from "@/server/access/tiers";
import { grantComp } from "@/server/admin/comp-grants";
import { memberDetail } from "@/server/admin/members";
import { reconcileAll } from "@/server/billing/reconcile";
import { createWhopClient } from "@/server/billing/whop";
import { accessGrant, billingTier } from "@/server/db/schema";
import type { ProviderServer } from "../../devkit/providers/server";
import { ADMIN_EMAIL, adminRequest, signInAs } from "../support/admin";
import type { TestDatabase } from "../support/db";
import {
  installGenerationContext,
  postJson,
  providerConfig,
  readUIStream,
  type SignedIn,
  signIn,
  withGenerationFixture,
} from "../support/generation";
import { type FakeWhopApi, startWhopApi } from "../support/whop-api";

const API_KEY = "apik_admin_test_0123456789";
const COMPANY = "biz_test";
const PRO_PRODUCT = "prod_studio_pro";

let t: TestDatabase;
let provider: ProviderServer;
let whop: FakeWhopApi;
withGenerationFixture((database, server) => {
  t = database;
  provider = server;
});
beforeAll(async () => {
  whop = await startWhopApi({ apiKey: API_KEY, companyId: COMPANY });
});
afterAll(async () => {
  await whop.close();
});

const config = () =>
  providerConfig(provider.url, {
    ADMIN_EMAILS: ADMIN_EMAIL,
    WHOP_API_KEY: API_KEY,
    WHOP_COMPANY_ID: COMPANY,
    WHOP_API_BASE_URL: whop.baseUrl,
    WHOP_PRO_PRODUCT_IDS: PRO_PRODUCT,
  });

async function people() {
  const ctx = installGenerationContext(t, config());
  const admin = await signInAs(t.db, ctx.config, ADMIN_EMAIL);
  const member = await signIn(t.db, ctx.config);
  return { ctx, admin, member };
}

const grant = (admin: SignedIn, body: unknown, options: { origin?: string | null; contentType?: string } = {}) =>
  grantPOST(adminRequest("/api/admin/grants", { method: "POST", cookie: admin.cookie, body, ...options }));

const revoke = (admin: SignedIn, id: string, body: unknown, options: { origin?: string | null; contentType?: string } = {}) =>
  revokeDELETE(adminRequest(`/api/admin/grants/${id}`, { method: "DELETE", cookie: admin.cookie, body, ...options }), {
    params: Promise.resolve({ id }),
  });

/** What the generation gate decides for a PRO-only blueprint: 200 (PRO) or 403 (not PRO). */
async function gateSaysPro(member: SignedIn): Promise<boolean> {
  const response = await generatePOST(
    postJson("/api/generate", { blueprintSlug: "x-thread", userInput: "A brief.", model: "gpt" }, { cookie: member.cookie }),
  );
  if (response.status === 200) {
    await readUIStream(response);
    return true;
  }
  expect(response.status).toBe(403);
  expect((await response.json()).error.code).toBe("forbidden:pro_required");
  return false;
}

/** The tier by both rules (effectiveTier and the gate), which must agree. */
async function tierOf(member: SignedIn): Promise<string> {
  const tier = (await effectiveTier(t.db, member.identity.id)).name;
  expect(await gateSaysPro(member)).toBe(tier === "PRO");
  return tier;
}

async function whopGrant(member: SignedIn, status: "ACTIVE" | "EXPIRED" = "ACTIVE") {
  const [pro] = await t.db.select({ id: billingTier.id }).from(billingTier).where(eq(billingTier.name, "PRO"));
  const [row] = await t.db
    .insert(accessGrant)
    .values({
      userId: member.identity.id,
      whopUserId: member.identity.whopId,
      tierId: pro!.id,
      status,
      source: "whop",
      whopMembershipId: `mem_${randomUUID()}`,
      whopStatus: status === "ACTIVE" ? "active" : "expired",
      lastEventAt: new Date(Date.now() - 86_400_000),
    })
    .returning({ id: accessGrant.id });
  return row!.id;
}

describe("comp grants", () => {
  it("grant PRO for 14 days with a reason: 201, PRO on the member's next request, audited; revoking it ends it, audited", async () => {
    const { admin, member } = await people();
    expect(await tierOf(member)).toBe("FREE");

    const before = Date.now();
    const granted = await grant(admin, {
      identityId: member.identity.id,
      days: 14,
      reason: "  Beta tester,\n thanks for the bug reports ",
    });
    expect(granted.status).toBe(201);
    const body = (await granted.json()) as { grant: { id: string; tier: string; expiresAt: string } };
    expect(body.grant.tier).toBe("PRO");
    const expires = new Date(body.grant.expiresAt).getTime();
    expect(expires - before).toBeGreaterThanOrEqual(14 * 86_400_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(14 * 86_400_000);
    expect(await tierOf(member)).toBe("PRO");

    const users = await usersGET(adminRequest(`/api/admin/users?q=${member.identity.whopId}`, { cookie: admin.cookie }));
    expect((await users.json()).users[0]).toMatchObject({ tier: "PRO", tierSource: "comp", tierExpiresAt: body.grant.expiresAt });

    const revoked = await revoke(admin, body.grant.id, { reason: "Beta is over" });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toEqual({ grant: { id: body.grant.id, status: "CANCELLED" } });
    expect(await tierOf(member)).toBe("FREE");
    const again = await revoke(admin, body.grant.id, { reason: "Beta is over" });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("conflict:grant_ended");

    const audit = await auditGET(adminRequest(`/api/admin/audit?identityId=${member.identity.id}`, { cookie: admin.cookie }));
    const entries = (await audit.json()).entries as Array<Record<string, unknown>>;
    expect(entries.map(({ actor, action, target, reason }) => ({ actor, action, target, reason }))).toEqual([
      { actor: ADMIN_EMAIL, action: "grant.revoke", target: member.identity.email, reason: "Beta is over" },
      { actor: ADMIN_EMAIL, action: "grant.comp", target: member.identity.email, reason: "Beta tester, thanks for the bug reports" },
    ]);
    for (const entry of entries) expect(Date.now() - new Date(entry.at as string).getTime()).toBeLessThan(60_000);

    const detail = await memberDetail(t.db, config(), member.identity.id, new Date());
    expect(detail?.grants.map((g) => [g.source, g.status, g.inForce, g.grantedBy])).toEqual([
      ["comp", "CANCELLED", false, ADMIN_EMAIL],
      ["signup", "ACTIVE", true, null],
    ]);
  });

  it("refuses what it cannot do, with the reason", async () => {
    const { admin, member } = await people();
    const cases: Array<[unknown, number, string]> = [
      [{ identityId: member.identity.id, days: 7 }, 400, "bad_request:grant"],
      [{ identityId: member.identity.id, days: 7, reason: " a " }, 400, "bad_request:grant"],
      [{ identityId: member.identity.id, days: 0, reason: "Because" }, 400, "bad_request:grant"],
      [{ identityId: member.identity.id, days: 366, reason: "Because" }, 400, "bad_request:grant"],
      [{ identityId: member.identity.id, days: 1.5, reason: "Because" }, 400, "bad_request:grant"],
      [{ identityId: member.identity.id, days: "7", reason: "Because" }, 400, "bad_request:grant"],
      [{ identityId: "no-such-member", days: 7, reason: "Because" }, 404, "not_found:member"],
      ["{not json", 400, "bad_request:body"],
    ];
    for (const [body, status, code] of cases) {
      const response = await grant(admin, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect((await response.json()).error.code).toBe(code);
    }
    const whopId = await whopGrant(member);
    const notComp = await revoke(admin, whopId, { reason: "Trying" });
    expect(notComp.status).toBe(409);
    expect((await notComp.json()).error.code).toBe("conflict:not_comp");
    const missing = await revoke(admin, "no-such-grant", { reason: "Trying" });
    expect(missing.status).toBe(404);
    const noReason = await revoke(admin, whopId, {});
    expect(noReason.status).toBe(400);
    const grants = await t.db.select({ source: accessGrant.source }).from(accessGrant).where(eq(accessGrant.userId, member.identity.id));
    expect(grants.map((g) => g.source).sort()).toEqual(["signup", "whop"]);
  });
});

describe("comp grants and the rest of billing", () => {
  it("survive a reconciliation run, which expires the Whop grant Whop no longer lists and leaves the comps alone", async () => {
    const { ctx, admin, member } = await people();
    const compOnly = await signIn(t.db, ctx.config);
    const unlisted = await whopGrant(member);
    const withComp = await grantComp(t.db, admin.identity, { identityId: member.identity.id, days: 30, reason: "Partner" }, new Date());
    const onlyComp = await grantComp(t.db, admin.identity, { identityId: compOnly.identity.id, days: 30, reason: "Partner" }, new Date());
    whop.memberships = [];

    const report = await reconcileAll(ctx, "test", { whop: createWhopClient(ctx.config, { maxRetries: 0 }) });
    expect(report.status).toBe("succeeded");
    const [whopRow] = await t.db.select().from(accessGrant).where(eq(accessGrant.id, unlisted));
    expect(whopRow?.status).toBe("EXPIRED");
    for (const id of [withComp.id, onlyComp.id]) {
      const [comp] = await t.db.select().from(accessGrant).where(eq(accessGrant.id, id));
      expect(comp).toMatchObject({ status: "ACTIVE", source: "comp" });
    }
    expect(await tierOf(member)).toBe("PRO");
    expect(await tierOf(compOnly)).toBe("PRO");
  });

  it("end on their date: PRO by both rules until expires_at, FREE by both from then on", async () => {
    const { admin, member } = await people();
    const comp = await grantComp(t.db, admin.identity, { identityId: member.identity.id, days: 1, reason: "Trial" }, new Date());
    // Bring the end date to 1.5 s from now (the database's clock, which the rule reads).
    const [row] = await t.db
      .update(accessGrant)
      .set({ expiresAt: sql`now() + interval '1500 milliseconds'` })
      .where(eq(accessGrant.id, comp.id))
      .returning({ expiresAt: accessGrant.expiresAt });
    expect(await tierOf(member)).toBe("PRO");
    await new Promise((r) => setTimeout(r, Math.max(0, row!.expiresAt!.getTime() - Date.now()) + 300));
    expect(await tierOf(member)).toBe("FREE");
    const [after] = await t.db.select().from(accessGrant).where(eq(accessGrant.id, comp.id));
    expect(after?.status).toBe("ACTIVE"); // nothing had to run: the date alone ended it
  });

  it("the gate and effectiveTier agree for every kind of grant", async () => {
    const { ctx, admin } = await people();
    const member = async () => signIn(t.db, ctx.config);
    const free = await member();
    const paid = await member();
    await whopGrant(paid);
    const lapsed = await member();
    await whopGrant(lapsed, "EXPIRED");
    const comped = await member();
    await grantComp(t.db, admin.identity, { identityId: comped.identity.id, days: 3, reason: "Support" }, new Date());
    const expired = await member();
    const old = await grantComp(t.db, admin.identity, { identityId: expired.identity.id, days: 3, reason: "Support" }, new Date());
    await t.db.update(accessGrant).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(accessGrant.id, old.id));
    const lapsedWithComp = await member();
    await whopGrant(lapsedWithComp, "EXPIRED");
    await grantComp(t.db, admin.identity, { identityId: lapsedWithComp.identity.id, days: 3, reason: "Support" }, new Date());

    expect(await Promise.all([free, paid, lapsed, comped, expired, lapsedWithComp].map(tierOf))).toEqual([
      "FREE",
      "PRO",
      "FREE",
      "PRO",
      "FREE",
      "PRO",
    ]);
  });
});
