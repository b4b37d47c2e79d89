// A model reply is untrusted text: HTML in it must show as text and never run, both while it
// streams into the studio and when the saved thread is rendered on the server.
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { keepFailureArtifacts } from "../support/failure-artifacts";
import { type Studio, signIn, startStudio } from "./harness";

const HOSTILE = [
  "# Draft\n\n",
  "<script>window.__xss = 'script ran'</script>\n\n",
  "Before <img src=x onerror=alert(1)> after.\n\n",
  "[click me](javascript:alert(2))",
];

describe.skipIf(!hasChromium())("model output with HTML in Chromium", () => {
  let studio: Studio;
  keepFailureArtifacts(() => studio?.browser);

  beforeAll(async () => {
    studio = await startStudio({ chunks: HOSTILE, chunkDelayMs: 20 });
  }, 900_000);

  afterAll(async () => {
    await studio?.stop();
  });

  it("shows <script> and <img onerror> as text and runs nothing, streamed and saved (driven by keyboard)", async () => {
    const page = await studio.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, studio, "careful@example.com");

    // Keyboard only: arrow keys move through the usable blueprints, Tab reaches Generate.
    await page.getByRole("radio", { name: "Blog post outline" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("radio", { name: "Product description" }).isChecked()).resolves.toBe(true);
    await page.getByLabel(/Your brief/).focus();
    await page.keyboard.type("Write something with HTML in it.");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Generate");
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: "Continue this draft" }).waitFor({ timeout: 15_000 });

    const check = async (scope: Locator, surface: string) => {
      await expect(scope.getByText("<script>window.__xss = 'script ran'</script>").isVisible(), surface).resolves.toBe(true);
      await expect(scope.getByText("<img src=x onerror=alert(1)>", { exact: false }).isVisible(), surface).resolves.toBe(true);
      await expect(scope.locator("script, img").count(), surface).resolves.toBe(0);
      // The javascript: link keeps its words but is no link: only absolute http(s) links are.
      await expect(scope.getByText("click me").isVisible(), surface).resolves.toBe(true);
      await expect(
        scope.getByText("click me").evaluate((element) => element.closest("a")?.getAttribute("href") ?? null),
        surface,
      ).resolves.toBeNull();
      // The one fixed wait here: "nothing ran" has no event to await, so a handler that would fire
      // late (an image's onerror after its failed load) gets a moment before the page is asked.
      await page.waitForTimeout(300);
      await expect(
        page.evaluate(() => (window as unknown as { __xss?: string }).__xss),
        surface,
      ).resolves.toBeUndefined();
      expect(dialogs, surface).toEqual([]);
    };
    await check(page.getByTestId("draft"), "streamed into the studio");

    // The same reply rendered by the server from the database, on the output's page.
    await page.getByRole("link", { name: "Continue this draft" }).click();
    await page.waitForURL(/\/studio\/outputs\//);
    await check(page.locator("li[data-role=assistant]"), "saved thread");

    // Not in ADMIN_EMAILS: the operator page does not exist for this member.
    const admin = await page.goto(`${studio.app.url}/admin`);
    expect(admin?.status()).toBe(404);
  }, 120_000);
});
