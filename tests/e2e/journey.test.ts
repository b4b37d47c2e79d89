// A FREE member's day in the studio, in Chromium against the production build: sign in, stream a
// draft, stop one, find both in history, refine one, run out of generations, meet a locked PRO
// blueprint, buy PRO (a signed Whop webhook), use it without a cap, and sign out.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/server/config";
import { buildMembershipEvent, signDelivery } from "@/server/local/purchase-simulation";
import { hasChromium } from "../support/browser";
import { keepFailureArtifacts } from "../support/failure-artifacts";
import { PRO_PLAN_ID, type Studio, screenshot, signIn, startStudio, WEBHOOK_SECRET } from "./harness";

const DRAFT = [
  "# Launch week plan",
  "\n\n",
  "**Angle:** ",
  "ship small, ",
  "tell the story daily.",
  "\n\n",
  "## Outline",
  "\n\n",
  "### Why now\n",
  "- The beta list ",
  "has 400 people\n",
  "- Competitors ",
  "are quiet in March\n",
  "\n",
  "### Setup\n",
  "```bash\nnpm start\n```",
  "\n\n",
  "## Call to action",
  "\n\n",
  "Reply with the one feature you want first.",
];
const LONG = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of a very long draft.\n\n`);
const REFINED = ["## Shorter intro", "\n\n", "Ship small ", "and tell the story ", "every day."];

const usage = (page: Page) => page.getByTestId("usage").textContent();
const draft = (page: Page) => page.getByTestId("draft");

async function generate(page: Page, blueprint: string, brief: string): Promise<void> {
  await page.getByRole("radio", { name: blueprint }).check();
  await page.getByLabel(/Your brief/).fill(brief);
  await page.getByRole("button", { name: "Generate", exact: true }).click();
}

describe.skipIf(!hasChromium())("the studio journey in Chromium", () => {
  let studio: Studio;
  let page: Page;
  keepFailureArtifacts(() => studio?.browser);

  beforeAll(async () => {
    studio = await startStudio({ chunks: DRAFT, chunkDelayMs: 120 }, { ADMIN_EMAILS: "writer@example.com" });
    page = await studio.browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 900_000);

  afterAll(async () => {
    await studio?.stop();
  });

  it("sign in → stream → stop → history → follow-ups → daily limit → PRO by webhook → sign out", async () => {
    const { app, provider } = studio;
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    // The public pages, before signing in.
    await page.goto(app.url);
    await screenshot(page, "landing");
    await page.goto(`${app.url}/pricing`);
    await expect(page.getByRole("link", { name: "Sign in to upgrade" }).isVisible()).resolves.toBe(true);
    await screenshot(page, "pricing");
    await page.goto(`${app.url}/studio`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await screenshot(page, "login");

    await signIn(page, studio, "writer@example.com");
    await expect(usage(page)).resolves.toContain("5 of 5 left");

    // A FREE blueprint streams: Stop shows while the text grows, then Copy and Continue.
    await generate(page, "Blog post outline", "Launch week for a small SaaS, for founders.");
    await page.getByRole("button", { name: "Stop" }).waitFor();
    await draft(page).getByText("Why now").waitFor();
    const partial = await draft(page).textContent();
    expect(partial).not.toContain("Reply with the one feature you want first.");
    await page.getByRole("link", { name: "Continue this draft" }).waitFor({ timeout: 15_000 });
    await expect(draft(page).getByRole("heading", { name: "Launch week plan", level: 1 }).isVisible()).resolves.toBe(true);
    await expect(draft(page).locator("pre code").textContent()).resolves.toContain("npm start");
    await expect(draft(page).getByText("Reply with the one feature you want first.").isVisible()).resolves.toBe(true);
    await page.getByText("4 of 5 left").waitFor();
    await screenshot(page, "studio");

    // A second draft, stopped mid-way: the text so far stays, Stop gives way to Copy.
    provider.once({ chunks: LONG, chunkDelayMs: 150 });
    await generate(page, "Cold email", "A note to a podcast host about our launch.");
    await draft(page).getByText("Paragraph 3 of").waitFor();
    await page.getByRole("button", { name: "Stop" }).click();
    await page.getByRole("button", { name: "Copy", exact: true }).waitFor();
    await draft(page).getByText("Stopped by you").waitFor();
    const stopped = (await draft(page).textContent()) ?? "";
    expect(stopped).toContain("Paragraph 3 of");
    expect(stopped).not.toContain("Paragraph 60 of");
    await page.getByText("3 of 5 left").waitFor();

    // History lists both, newest first; the stopped one says so.
    await page.getByRole("link", { name: "History" }).first().click();
    await page.waitForURL(`${app.url}/studio/history`);
    const items = page.getByTestId("history-item");
    await expect(items.count()).resolves.toBe(2);
    await expect(items.nth(0).textContent()).resolves.toMatch(/Cold email.*Stopped/);
    await expect(items.nth(1).textContent()).resolves.toMatch(/Blog post outline.*Launch week plan/);
    await screenshot(page, "history");

    // Open the finished one and refine it twice; each follow-up streams in place.
    await items.nth(1).getByRole("link").click();
    await page.waitForURL(/\/studio\/outputs\//);
    const outputUrl = page.url();
    provider.scenario = { chunks: REFINED, chunkDelayMs: 40 };
    for (const ask of ["Make the intro shorter.", "Now make it friendlier."]) {
      await page.getByLabel("Refine this draft").fill(ask);
      await page.getByRole("button", { name: "Send follow-up" }).click();
      await page.getByRole("button", { name: "Stop" }).waitFor();
      await page.getByRole("button", { name: "Send follow-up" }).waitFor({ timeout: 15_000 });
    }
    await expect(page.locator("li[data-role=assistant]").last().textContent()).resolves.toContain(
      "Ship small and tell the story every day.",
    );

    // Six turns now: the page opens on the newest five and loads the first by cursor.
    await page.goto(outputUrl);
    const turns = page.locator("li[data-role]");
    await expect(turns.count()).resolves.toBe(5);
    await expect(turns.first().getAttribute("data-role")).resolves.toBe("assistant");
    await page.getByRole("button", { name: "Load older" }).click();
    await page.locator("li[data-role=user]").getByText("Launch week for a small SaaS, for founders.").waitFor();
    await expect(turns.count()).resolves.toBe(6);
    await expect(usage(page)).resolves.toContain("1 of 5 left");
    await expect(page.getByRole("button", { name: "Load older" }).count()).resolves.toBe(0);
    await screenshot(page, "output");

    // The last FREE generation of the day, then the limit: Generate is disabled, with when uses come back and an upgrade link.
    provider.scenario = { chunks: DRAFT, chunkDelayMs: 5 };
    await page.goto(`${app.url}/studio`);
    await expect(usage(page)).resolves.toContain("1 of 5 left");
    await generate(page, "Product description", "A solar lantern for campers, $39.");
    await page.getByRole("link", { name: "Continue this draft" }).waitFor({ timeout: 15_000 });
    await page.getByText("0 of 5 left").waitFor();
    await expect(page.getByRole("button", { name: "Generate", exact: true }).isDisabled()).resolves.toBe(true);
    const outOfUses = page.getByTestId("out-of-uses");
    await expect(outOfUses.textContent()).resolves.toMatch(/all 5 generations for today.*come back at .*midnight UTC/);
    await expect(outOfUses.getByRole("link", { name: "Upgrade to PRO" }).getAttribute("href")).resolves.toBe("/pricing");
    await screenshot(page, "studio-limit");

    // A PRO blueprint is visibly locked, saying why, with an upgrade link.
    const thread = page.locator('[data-blueprint="x-thread"]');
    await expect(thread.textContent()).resolves.toContain("PRO only");
    await expect(thread.getByRole("radio").isDisabled()).resolves.toBe(true);
    await expect(thread.getByRole("link", { name: "Upgrade to use X/Twitter thread" }).isVisible()).resolves.toBe(true);

    // Whop says the membership is active: a signed membership.activated delivery.
    const me = (await page.evaluate(async () => (await fetch("/api/me")).json())) as { whopId: string; email: string };
    const config = loadConfig({
      APP_URL: app.url,
      WHOP_WEBHOOK_SECRET: WEBHOOK_SECRET,
      WHOP_PRO_PLAN_IDS: PRO_PLAN_ID,
      SESSION_SECRET: "x".repeat(32),
    });
    const now = new Date();
    const event = buildMembershipEvent(config, {
      type: "membership.activated",
      whopUserId: me.whopId,
      email: me.email,
      planId: PRO_PLAN_ID,
      now,
    });
    const delivery = signDelivery(WEBHOOK_SECRET, event.messageId, event.body, now);
    const response = await fetch(`${app.url}/api/webhooks/whop`, { method: "POST", headers: delivery.headers, body: delivery.body });
    expect(response.status).toBe(200);

    // The operator page (this member is in ADMIN_EMAILS) shows the delivery.
    await page.goto(`${app.url}/admin`);
    await expect(page.getByTestId("admin-identities").textContent()).resolves.toBe("1");
    await expect(page.getByRole("cell", { name: "membership.activated" }).isVisible()).resolves.toBe(true);
    await screenshot(page, "admin");
    await page.goto(`${app.url}/studio`);

    // After a reload: PRO, unlimited, and the PRO blueprint works.
    await expect(usage(page)).resolves.toContain("Unlimited");
    await expect(thread.getByRole("radio").isDisabled()).resolves.toBe(false);
    await generate(page, "X/Twitter thread", "Lessons from our first 100 customers.");
    await page.getByRole("link", { name: "Continue this draft" }).waitFor({ timeout: 15_000 });
    await expect(usage(page)).resolves.toContain("Unlimited");
    await page.goto(`${app.url}/account`);
    await expect(page.getByTestId("account-tier").textContent()).resolves.toBe("PRO");
    await expect(page.getByTestId("account-usage").textContent()).resolves.toBe("Unlimited");
    await screenshot(page, "account");

    // Signing out ends it: the studio sends you to sign in.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(`${app.url}/`);
    await page.goto(`${app.url}/studio`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(dialogs).toEqual([]);
  }, 300_000);
});
