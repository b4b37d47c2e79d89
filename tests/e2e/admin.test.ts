// The founder's dashboard in Chromium against the production build: a member gets the app's 404 on
// every admin page; the admin reads the overview (charts drawn, today's generations counted), finds
// the member, grants PRO for 14 days with a reason (PRO on the member's next request), revokes it,
// reads both in the audit log, and replays a webhook that was ignored. Every admin page is captured
// at 1280 and 390 px, light and dark (test-artifacts/screenshots/admin-*.png), with no sideways
// scrolling. On a real PostgreSQL a 90-day history is seeded first so the charts have something to show.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/server/config";
import type { Database } from "@/server/db/client";
import { buildMembershipEvent, signDelivery } from "@/server/local/purchase-simulation";
import { hasChromium } from "../support/browser";
import { createTestDatabase, onRealPostgres, type TestDatabase } from "../support/db";
import { keepFailureArtifacts } from "../support/failure-artifacts";
import { type Studio, signIn, startStudio, WEBHOOK_SECRET } from "./harness";

const ADMIN = "founder@example.com";
const MEMBER = "member@example.com";
const SCREENSHOTS = join(process.cwd(), "test-artifacts", "screenshots");

/** Full-page captures at 1280 and 390 px, light and dark; fails on sideways overflow. */
async function capture(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 1280 ? 800 : 844 });
      await page.waitForTimeout(150); // the charts re-measure on resize
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await page.screenshot({
        path: join(SCREENSHOTS, `admin-${name}-${width}${scheme === "dark" ? "-dark" : ""}.png`),
        fullPage: true,
        animations: "disabled",
      });
      if (overflow > 0) throw new Error(`${name} overflows horizontally by ${overflow}px at ${width}px (${scheme})`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A 90-day history: 400 members, some PRO or comped, and 6,000 model calls on four models. */
async function seedHistory(db: Database["db"]): Promise<void> {
  await db.execute(sql`INSERT INTO app_identity (id, whop_id, email, created_at, updated_at, last_sign_in_at)
    SELECT 'seed' || i, 'user_seed_' || i, 'writer' || i || '@example.com', c, c, c + random() * (now() - c)
    FROM (SELECT i, now() - random() * interval '90 days' AS c FROM generate_series(1, 400) i) s`);
  await db.execute(sql`INSERT INTO access_grant (id, user_id, whop_user_id, tier_id, status, source, activated_at, updated_at)
    SELECT 'gs' || id, id, whop_id, (SELECT id FROM billing_tier WHERE name = 'FREE'), 'ACTIVE', 'signup', created_at, created_at
    FROM app_identity WHERE id LIKE 'seed%'`);
  await db.execute(sql`INSERT INTO access_grant (id, user_id, whop_user_id, tier_id, status, source, whop_membership_id, whop_status, activated_at, updated_at)
    SELECT 'gw' || id, id, whop_id, (SELECT id FROM billing_tier WHERE name = 'PRO'), CASE WHEN random() < 0.2 THEN 'EXPIRED' ELSE 'ACTIVE' END,
      'whop', 'mem_' || id, 'active', b, b + random() * (now() - b)
    FROM (SELECT id, whop_id, created_at + random() * (now() - created_at) AS b FROM app_identity
          WHERE id LIKE 'seed%' AND substr(id, 5)::int % 6 = 0) s`);
  await db.execute(sql`INSERT INTO access_grant (id, user_id, whop_user_id, tier_id, status, source, activated_at, expires_at, updated_at)
    SELECT 'gc' || id, id, whop_id, (SELECT id FROM billing_tier WHERE name = 'PRO'), 'ACTIVE', 'comp', a, a + interval '30 days', a
    FROM (SELECT id, whop_id, now() - random() * interval '40 days' AS a FROM app_identity WHERE id LIKE 'seed%' AND substr(id, 5)::int % 25 = 1) s`);
  await db.execute(sql`INSERT INTO usage_event (id, identity_id, output_id, kind, tier, blueprint_id, model, provider_model, status, error_code,
      input_tokens, output_tokens, ttft_ms, duration_ms, started_at, finished_at, unit_day, unit_refunded)
    SELECT 'ev' || s.i, 'seed' || (1 + s.i % 400), 'out' || s.i, CASE WHEN s.i % 4 = 0 THEN 'follow_up' ELSE 'draft' END,
      CASE WHEN s.i % 6 = 0 THEN 'PRO' ELSE 'FREE' END, (SELECT id FROM prompt_blueprint WHERE sort_order = 1 + (s.i * 7 % 8)),
      m.model, m.model || '-model', o.status, o.code,
      CASE WHEN o.code IS NULL THEN 300 + (s.r * 1500)::int END, CASE WHEN o.code IS NULL THEN 150 + (s.r * 800)::int END,
      CASE WHEN o.code IS NULL THEN 250 + (s.r * s.r * 3000)::int END, 4000, s.t, s.t + interval '8 seconds', (s.t AT TIME ZONE 'UTC')::date, o.code IS NOT NULL
    FROM (SELECT i, random() AS r, random() AS q, now() - power(random(), 0.7) * interval '90 days' AS t FROM generate_series(1, 6000) i) s
    CROSS JOIN LATERAL (SELECT CASE WHEN s.q < 0.45 THEN 'claude' WHEN s.q < 0.85 THEN 'gpt' WHEN s.q < 0.95 THEN 'local' ELSE 'demo' END AS model) m
    CROSS JOIN LATERAL (SELECT CASE WHEN s.r < 0.9 THEN 'complete' WHEN s.r < 0.94 THEN 'aborted' ELSE 'failed' END AS status,
      CASE WHEN s.r < 0.94 THEN NULL WHEN s.r < 0.97 THEN 'provider_busy' WHEN s.r < 0.99 THEN 'provider_timeout' ELSE 'provider_down' END AS code) o`);
}

/** A generation through the API from the member's own page (same origin, their cookie). */
async function generateAs(page: Page, blueprintSlug = "blog-post-outline"): Promise<number> {
  return page.evaluate(async (slug) => {
    const response = await fetch("/api/generate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ blueprintSlug: slug, userInput: "Launch week plan for our newsletter.", model: "claude" }),
    });
    await response.text();
    return response.status;
  }, blueprintSlug);
}

const chartsDrawn = (page: Page) => page.waitForFunction(() => document.querySelectorAll("figure svg.recharts-surface").length >= 6);

describe.skipIf(!hasChromium())("the admin dashboard in Chromium", () => {
  let studio: Studio;
  let database: TestDatabase | undefined;
  let browser: Browser;
  let member: Page;
  let admin: Page;
  keepFailureArtifacts(() => studio?.browser);

  beforeAll(async () => {
    database = onRealPostgres ? await createTestDatabase({ migrate: false, seed: false }) : undefined;
    studio = await startStudio(
      { chunks: ["# Launch week", "\n\n", "Ship small, ", "tell the story daily."], usage: { inputTokens: 320, outputTokens: 180 } },
      { ADMIN_EMAILS: ADMIN, ...(database?.url ? { DATABASE_URL: database.url } : {}) },
    );
    if (database) await seedHistory(database.db);
    browser = studio.browser;
    member = await (await browser.newContext()).newPage();
    admin = await (await browser.newContext()).newPage();
  }, 900_000);

  afterAll(async () => {
    await studio?.stop();
    await database?.drop();
  });

  it("a member gets the app's 404 on every admin page and admin route", async () => {
    const { app } = studio;
    await signIn(member, studio, MEMBER);
    for (let i = 0; i < 3; i++) expect(await generateAs(member)).toBe(200);
    for (const path of ["/admin", "/admin/users", "/admin/audit", "/admin/webhooks", "/admin/users/anything"]) {
      const response = await member.goto(`${app.url}${path}`);
      expect(response?.status(), path).toBe(404);
      await expect(member.getByRole("heading", { name: "This page does not exist" }).isVisible()).resolves.toBe(true);
      await expect(member.getByRole("navigation", { name: "Admin" }).count()).resolves.toBe(0);
    }
    const api = await member.evaluate(async () => {
      const r = await fetch("/api/admin/metrics?days=7");
      return { status: r.status, body: await r.json() };
    });
    expect(api).toEqual({ status: 404, body: { error: { code: "not_found:page", message: "This page could not be found." } } });
  });

  it("the admin reads the overview, comps the member with a reason, revokes it, reads the audit log and replays an ignored webhook", async () => {
    const { app } = studio;
    await signIn(admin, studio, ADMIN, "/admin");
    await chartsDrawn(admin);
    expect(Number(await admin.getByTestId("today-generations").textContent())).toBeGreaterThanOrEqual(3);
    await capture(admin, "overview-30");
    await admin.getByRole("link", { name: "90 days" }).click();
    await admin.waitForURL(`${app.url}/admin?days=90`);
    await chartsDrawn(admin);
    await capture(admin, "overview-90");
    const csv = await admin.evaluate(async () => (await fetch("/api/admin/metrics.csv?days=7")).text());
    expect(csv.split("\r\n")[0]).toBe("day,generations,failed,input_tokens,output_tokens,cost_usd,signups");

    // Find the member and give them PRO for 14 days.
    await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Members" }).click();
    await admin.waitForURL(`${app.url}/admin/users`);
    await capture(admin, "members");
    await admin.getByLabel("Email or Whop user id").fill("member@");
    await admin.getByRole("button", { name: "Search" }).click();
    await admin.getByRole("link", { name: MEMBER }).click();
    await admin.waitForURL(/\/admin\/users\/[^/]+$/);
    await expect(admin.getByTestId("member-tier").textContent()).resolves.toBe("FREE");
    await admin.getByLabel("Days").fill("14");
    await admin.getByLabel(/Reason/).fill("Beta tester: thanks for the bug reports");
    await admin.getByRole("button", { name: "Grant PRO" }).click();
    await admin.getByRole("status").filter({ hasText: "PRO granted until" }).waitFor();
    await admin.getByTestId("member-tier").filter({ hasText: "PRO" }).waitFor();
    await capture(admin, "member");

    // The member's next request is PRO: a PRO-only blueprint now works.
    const me = await member.evaluate(async () => (await fetch("/api/me")).json());
    expect(me.tier).toBe("PRO");
    expect(await generateAs(member, "x-thread")).toBe(200);

    // Revoke it, with a reason.
    await admin.getByRole("button", { name: /Revoke the comp grant/ }).click();
    await admin.getByLabel("Reason (required)").fill("Beta is over");
    await admin.getByRole("button", { name: "Revoke comp" }).click();
    await admin.getByTestId("member-tier").filter({ hasText: "FREE" }).waitFor();
    expect((await member.evaluate(async () => (await fetch("/api/me")).json())).tier).toBe("FREE");

    await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit log" }).click();
    await admin.waitForURL(`${app.url}/admin/audit`);
    await expect(admin.getByRole("cell", { name: /Revoked a comp grant/ }).isVisible()).resolves.toBe(true);
    await expect(admin.getByRole("cell", { name: /Granted PRO \(comp\)/ }).isVisible()).resolves.toBe(true);
    await expect(admin.getByRole("cell", { name: "Beta tester: thanks for the bug reports", exact: true }).isVisible()).resolves.toBe(true);
    await capture(admin, "audit");

    // A membership of a plan that is not PRO is ignored; the admin replays it from the webhooks page.
    const config = loadConfig({
      APP_URL: app.url,
      WHOP_WEBHOOK_SECRET: WEBHOOK_SECRET,
      WHOP_PRO_PLAN_IDS: "plan_other",
      SESSION_SECRET: "x".repeat(32),
    });
    const now = new Date();
    const whopId = (me as { whopId: string }).whopId;
    const event = buildMembershipEvent(config, {
      type: "membership.activated",
      whopUserId: whopId,
      email: MEMBER,
      planId: "plan_other",
      now,
    });
    const delivery = signDelivery(WEBHOOK_SECRET, event.messageId, event.body, now);
    const delivered = await fetch(`${app.url}/api/webhooks/whop`, { method: "POST", headers: delivery.headers, body: delivery.body });
    expect(delivered.status).toBe(200);

    await admin.goto(`${app.url}/admin/webhooks?outcome=ignored`);
    await expect(admin.getByRole("link", { name: "membership.activated" }).first().isVisible()).resolves.toBe(true);
    await capture(admin, "webhooks");
    await admin.getByRole("button", { name: `Replay membership.activated ${event.messageId}` }).click();
    await admin.getByLabel("Reason (optional)").fill("Checking the plan mapping");
    await admin.getByRole("button", { name: "Replay event" }).click();
    await admin.getByRole("status").filter({ hasText: "Replayed: ignored: plan not PRO" }).waitFor();
    await admin.getByRole("link", { name: "membership.activated" }).first().click();
    await admin.waitForURL(/\/admin\/webhooks\/.+/);
    await expect(admin.getByRole("cell", { name: "Checking the plan mapping" }).isVisible()).resolves.toBe(true);
    await capture(admin, "webhook");
  }, 300_000);
});
