// What a writer expects every day, in Chromium against the production build: one click to sign in,
// keyboard shortcuts, Stop with Escape, Regenerate, a failed draft and a failed follow-up that keep
// what was typed, rename, search, both downloads, a share link read signed out and then revoked,
// delete, and the daily limit met with a disabled Generate that says when uses come back.
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { keepFailureArtifacts } from "../support/failure-artifacts";
import { type Studio, screenshot, startStudio } from "./harness";

const DRAFT = [
  "# Launch week plan",
  "\n\n",
  "**Angle:** ship small, tell the story daily.",
  "\n\n",
  "## Outline",
  "\n\n",
  "1. Why now\n",
  "2. Setup\n",
  "\n",
  "Reply with the one feature you want first.",
];
const LONG = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of a long draft.\n\n`);
const SHORTER = ["# Launch week, shorter", "\n\n", "Ship small and ", "tell the story every day."];
const BRIEF = "Launch week for a small SaaS\nAudience: founders who ship weekly.";

const usage = (page: Page) => page.getByTestId("usage").textContent();
const draft = (page: Page) => page.getByTestId("draft");
const brief = (page: Page) => page.getByLabel(/Your brief/);

async function download(page: Page, name: RegExp): Promise<{ filename: string; bytes: Buffer }> {
  await page.getByText("Download", { exact: true }).click();
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  return { filename: file.suggestedFilename(), bytes: readFileSync((await file.path()) ?? "") };
}

describe.skipIf(!hasChromium())("a writer's everyday tools in Chromium", () => {
  let studio: Studio;
  let page: Page;
  keepFailureArtifacts(() => studio?.browser);

  beforeAll(async () => {
    studio = await startStudio({ chunks: DRAFT, chunkDelayMs: 60 }, { PRO_PRICE_LABEL: "$19 / month" });
    // A writer in Paris: times show in their zone, the daily reset as their time and as UTC midnight.
    page = await studio.browser.newPage({ viewport: { width: 1280, height: 800 }, timezoneId: "Europe/Paris" });
  }, 900_000);

  afterAll(async () => {
    await studio?.stop();
  });

  it("sign in → shortcuts → regenerate → failures keep the text → rename → search → downloads → share → delete → limit", async () => {
    const { app, provider, idp } = studio;
    // Local times are rendered after hydration, never as a mismatch React has to repair.
    const hydrationErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /hydrat/i.test(message.text())) hydrationErrors.push(message.text());
    });

    // The icons exist.
    const favicon = await page.request.get(`${app.url}/favicon.ico`);
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()["content-type"]).toMatch(/icon/);
    expect((await page.request.get(`${app.url}/manifest.webmanifest`)).status()).toBe(200);

    // The pricing page shows the PRO price.
    await page.goto(`${app.url}/pricing`);
    await expect(page.getByTestId("pro-price").textContent()).resolves.toBe("$19 / month");
    await screenshot(page, "writer-pricing");

    // One click from the landing page goes straight to Whop's sign-in (here the local provider).
    await page.goto(app.url);
    await page.getByRole("link", { name: "Sign in with Whop" }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.getByLabel("Email").fill("writer@example.com");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${app.url}/studio`);
    await expect(usage(page)).resolves.toContain("5 of 5 left");

    // Ctrl+Enter generates; Escape stops the stream; the text so far stays, with its counts.
    provider.once({ chunks: LONG, chunkDelayMs: 120 });
    await brief(page).fill(BRIEF);
    await brief(page).press("Control+Enter");
    await draft(page).getByText("Paragraph 3 of").waitFor();
    await page.keyboard.press("Escape");
    await draft(page).getByText("Stopped by you").waitFor();
    const stopped = (await draft(page).textContent()) ?? "";
    expect(stopped).not.toContain("Paragraph 60 of");
    await expect(draft(page).getByTestId("draft-stats").textContent()).resolves.toMatch(/^\d+ words · [\d,]+ characters$/);
    await page.getByText("4 of 5 left").waitFor();

    // Regenerate: the same brief again, as a new draft.
    await draft(page).getByRole("button", { name: "Regenerate" }).click();
    await page.getByRole("link", { name: "Continue this draft" }).waitFor({ timeout: 15_000 });
    await expect(draft(page).getByText("Reply with the one feature you want first.").isVisible()).resolves.toBe(true);
    await expect(draft(page).getByTestId("draft-stats").textContent()).resolves.toBe("24 words · 141 characters");
    await page.getByText("3 of 5 left").waitFor();
    expect(provider.requests.length).toBe(2);
    await screenshot(page, "writer-studio");

    // A provider failure: the card says nothing was written (and nothing counted), the brief stays, Try again works.
    provider.scenario = { chunks: DRAFT, failWith: 500 };
    await page.getByRole("button", { name: "Generate", exact: true }).click();
    const alert = page.getByRole("region", { name: "Your draft" }).getByRole("alert");
    await alert.waitFor();
    await expect(alert.textContent()).resolves.not.toContain("The text so far is saved");
    await expect(brief(page).inputValue()).resolves.toBe(BRIEF);
    const me = async () => ((await page.evaluate(async () => (await fetch("/api/me")).json())) as { usage: { used: number } }).usage.used;
    await expect(me()).resolves.toBe(2);
    provider.scenario = { chunks: DRAFT, chunkDelayMs: 20 };
    await alert.getByRole("button", { name: "Try again" }).click();
    await page.getByRole("link", { name: "Continue this draft" }).waitFor({ timeout: 15_000 });
    await page.getByText("2 of 5 left").waitFor();

    // The thread page: a failed follow-up keeps its text; Ctrl+Enter sends it again.
    await page.getByRole("link", { name: "Continue this draft" }).click();
    await page.waitForURL(/\/studio\/outputs\//);
    const outputUrl = page.url();
    await expect(page.getByTestId("draft-title").textContent()).resolves.toBe("Launch week for a small SaaS");
    const followUp = page.getByLabel("Refine this draft");
    provider.scenario = { chunks: SHORTER, failWith: 500 };
    await followUp.fill("Make it shorter.");
    await followUp.press("Control+Enter");
    await page
      .getByRole("alert")
      .filter({ has: page.getByRole("button", { name: "Dismiss" }) })
      .waitFor();
    await page.getByRole("button", { name: "Send follow-up" }).waitFor();
    await expect(followUp.inputValue()).resolves.toBe("Make it shorter.");
    provider.scenario = { chunks: SHORTER, chunkDelayMs: 30 };
    await followUp.press("Control+Enter");
    await page.getByText("Ship small and tell the story every day.").waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Send follow-up" }).waitFor({ timeout: 15_000 });
    await expect(followUp.inputValue()).resolves.toBe("");
    await page.getByText("1 of 5 left").waitFor();

    // At 1280 px "New draft" sits on one line and the model's name fits its select.
    const newDraft = await page.getByRole("link", { name: "New draft" }).boundingBox();
    expect(newDraft?.height ?? 99).toBeLessThan(40);
    const fits = await page.locator("#follow-up-model").evaluate((select: HTMLSelectElement) => {
      const probe = document.createElement("span");
      probe.style.cssText = `position:absolute;white-space:nowrap;font:${getComputedStyle(select).font}`;
      probe.textContent = select.selectedOptions[0]?.textContent ?? "";
      document.body.append(probe);
      const width = probe.getBoundingClientRect().width;
      probe.remove();
      return { text: width + 40, box: select.clientWidth };
    });
    expect(fits.text).toBeLessThanOrEqual(fits.box);

    // Rename from the thread page.
    await page.getByRole("button", { name: /^Rename/ }).click();
    const title = page.getByRole("dialog", { name: "Rename draft" }).getByLabel("Title");
    await title.fill("Launch plan, final");
    await title.press("Enter");
    await page.getByTestId("draft-title").getByText("Launch plan, final").waitFor();

    // Both downloads: Markdown of the latest draft, and Word, a zip whose document holds the text.
    const markdown = await download(page, /^Markdown \(\.md\) The latest draft/);
    expect(markdown.filename).toBe("Launch plan, final.md");
    expect(markdown.bytes.toString("utf8")).toBe("# Launch week, shorter\n\nShip small and tell the story every day.\n");
    // Chromium asks before a page's second download; a fresh load of the page is a fresh page.
    await page.reload();
    const word = await download(page, /^Word \(\.docx\), whole thread/);
    expect(word.filename).toBe("Launch plan, final (thread).docx");
    const xml = strFromU8(unzipSync(new Uint8Array(word.bytes))["word/document.xml"]!);
    for (const text of ["Launch plan, final", "Launch week plan", "Make it shorter.", "Ship small and tell the story every day."]) {
      expect(xml).toContain(text);
    }

    // Share: a public link, read signed out, not indexed, without the owner's email; revoked, it is a 404.
    await page.getByRole("button", { name: "Share", exact: true }).click();
    const link = page.getByRole("textbox", { name: "Share link" });
    await link.waitFor();
    const shareUrl = await link.inputValue();
    expect(shareUrl).toMatch(new RegExp(`^${app.url}/s/[A-Za-z0-9_-]{32}$`));
    await screenshot(page, "writer-output");

    const guest = await studio.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const reader = await guest.newPage();
    const opened = await reader.goto(shareUrl);
    expect(opened?.status()).toBe(200);
    expect(opened?.headers()["x-robots-tag"]).toContain("noindex");
    await expect(reader.locator('meta[name="robots"]').getAttribute("content")).resolves.toContain("noindex");
    await expect(reader.locator("main header h1").textContent()).resolves.toBe("Blog post outline");
    await expect(reader.getByTestId("shared-draft").textContent()).resolves.toContain("Ship small and tell the story every day.");
    const publicHtml = await reader.content();
    expect(publicHtml).not.toContain("writer@example.com");
    expect(publicHtml).not.toContain("Audience: founders");
    await screenshot(reader, "writer-shared");

    await page.getByRole("button", { name: "Stop sharing" }).click();
    await page.getByRole("button", { name: "Share", exact: true }).waitFor();
    const revoked = await reader.goto(shareUrl);
    expect(revoked?.status()).toBe(404);
    await guest.close();

    // History: the brief's first line is the default title (not the model's heading); search is on the server.
    // Newest first: the renamed draft, the failed one, the regenerated one, the stopped one.
    await page.goto(`${app.url}/studio/history`);
    const items = page.getByTestId("history-item");
    await expect(page.getByTestId("history-title").allTextContents()).resolves.toEqual([
      "Launch plan, final",
      "Launch week for a small SaaS",
      "Launch week for a small SaaS",
      "Launch week for a small SaaS",
    ]);
    await expect(items.nth(1).textContent()).resolves.toContain("Interrupted");
    const search = page.getByRole("searchbox", { name: "Search your drafts" });
    await search.fill("shorter");
    await search.press("Enter");
    await page.waitForURL(/\?q=shorter/);
    await expect(page.getByTestId("history-title").allTextContents()).resolves.toEqual(["Launch plan, final"]);
    await page.getByRole("searchbox", { name: "Search your drafts" }).fill("paragraph 3");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/\?q=paragraph/);
    await expect(items.count()).resolves.toBe(1);
    await expect(page.getByTestId("search-summary").textContent()).resolves.toBe("1 of 4 drafts match “paragraph 3”.");
    await screenshot(page, "writer-history-search");

    // Rename from the history, then delete that draft (after confirming) and it is gone.
    await page.goto(`${app.url}/studio/history`);
    await items
      .nth(3)
      .getByRole("button", { name: /^Rename/ })
      .click();
    const historyTitle = page.getByRole("dialog", { name: "Rename draft" }).getByLabel("Title");
    await historyTitle.fill("Stopped early version");
    await page.getByRole("button", { name: "Save title" }).click();
    await page.getByTestId("history-title").getByText("Stopped early version").waitFor();
    await screenshot(page, "writer-history");
    await items
      .filter({ hasText: "Stopped early version" })
      .getByRole("button", { name: /^Delete/ })
      .click();
    const confirm = page.getByRole("dialog", { name: "Delete this draft?" });
    await expect(confirm.textContent()).resolves.toContain("Stopped early version");
    await screenshot(page, "writer-delete-dialog");
    await confirm.getByRole("button", { name: "Delete draft" }).click();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=history-item]").length === 3);
    await expect(page.getByText("Stopped early version").count()).resolves.toBe(0);

    // Regenerate from the thread page streams the same brief right there as a new draft: the day's
    // last use, after which Regenerate waits and says when uses come back.
    await page.goto(outputUrl);
    const actions = page.getByRole("toolbar", { name: "Draft actions" });
    await actions.getByRole("button", { name: "Regenerate" }).click();
    await page.getByRole("link", { name: "Open the new draft" }).waitFor({ timeout: 15_000 });
    await page.locator("#regenerate-blocked").waitFor();
    await expect(actions.getByRole("button", { name: "Regenerate" }).isDisabled()).resolves.toBe(true);
    await screenshot(page, "writer-regenerated-here");

    // Delete from the thread page lands on the history.
    await actions.getByRole("button", { name: /^Delete/ }).click();
    await page.getByRole("dialog", { name: "Delete this draft?" }).getByRole("button", { name: "Delete draft" }).click();
    await page.waitForURL(/\/studio\/history\?deleted=1/);
    await expect(items.count()).resolves.toBe(3);
    await expect((await page.goto(outputUrl))?.status()).toBe(404);

    // Out of uses, Generate is disabled with a sentence saying when uses come back.
    await page.goto(`${app.url}/studio`);
    await brief(page).fill("A solar lantern for campers, $39.");
    await page.getByText("0 of 5 left").waitFor();
    await expect(page.getByRole("button", { name: "Generate", exact: true }).isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId("out-of-uses").textContent()).resolves.toMatch(
      /come back at \d{1,2}:\d{2}( [AP]M)? your time \(midnight UTC\)/,
    );
    await expect(page.getByTestId("out-of-uses").getByRole("link", { name: "Upgrade to PRO" }).getAttribute("href")).resolves.toBe(
      "/pricing",
    );
    await screenshot(page, "writer-out-of-uses");
    expect(hydrationErrors).toEqual([]);
  }, 300_000);
});
