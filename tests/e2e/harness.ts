// What the studio's browser tests share: a fresh database, a local provider-protocol server
// answering as Claude, the local identity provider, the production build, and Chromium.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { ensureBuild } from "../../devkit/build";
import { type ProviderServer, type Scenario, startProviderServer } from "../../devkit/providers/server";
import { freePort } from "../../devkit/servers";
import { type RunningApp, startApp } from "../support/app-server";
import { launchBrowser } from "../support/browser";
import { createTestDatabase, onRealPostgres, type TestDatabase } from "../support/db";
import { startTestIdp, type TestIdp } from "../support/oidc";

export const WEBHOOK_SECRET = "ws_journey_webhook_secret_0123456789abcdef";
export const PRO_PLAN_ID = "plan_journey_pro";

export interface Studio {
  app: RunningApp;
  provider: ProviderServer;
  idp: TestIdp;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startStudio(
  scenario: Partial<Scenario>,
  env: Record<string, string> = {},
  idpOptions: { unverifiedEmails?: string[] } = {},
): Promise<Studio> {
  ensureBuild();
  const db: TestDatabase | undefined = onRealPostgres ? await createTestDatabase({ migrate: false, seed: false }) : undefined;
  const provider = await startProviderServer(scenario);
  const port = await freePort();
  const idp = await startTestIdp({ appUrl: `http://127.0.0.1:${port}`, clientId: "ai-ssa-local", ...idpOptions });
  const app = await startApp({
    port,
    env: {
      WHOP_OAUTH_ISSUER: idp.issuer,
      DATABASE_URL: db?.url,
      ANTHROPIC_API_KEY: "sk-ant-local-test",
      ANTHROPIC_BASE_URL: provider.url,
      ANTHROPIC_MODEL: "claude-local-test",
      WHOP_WEBHOOK_SECRET: WEBHOOK_SECRET,
      WHOP_PRO_PLAN_IDS: PRO_PLAN_ID,
      RATE_LIMIT_PER_MINUTE: "100",
      ...env,
    },
  });
  const browser = await launchBrowser();
  return {
    app,
    provider,
    idp,
    browser,
    async stop() {
      await browser.close();
      await app.stop();
      await idp.close();
      await provider.close();
      await db?.drop();
    },
  };
}

/** Signs in through the local identity provider from the login page and lands on `returnTo`. */
export async function signIn(page: Page, studio: Studio, email: string, returnTo = "/studio"): Promise<void> {
  await page.goto(`${studio.app.url}/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByRole("link", { name: "Sign in with Whop" }).click();
  await page.waitForURL((url) => url.origin === studio.idp.issuer);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(`${studio.app.url}${returnTo}`);
}

const SCREENSHOTS = join(process.cwd(), "test-artifacts", "screenshots");

/**
 * Full-page screenshots at desktop (1280) and phone (390) widths and in dark mode; fails on sideways
 * overflow. Reading the scroll width lays the page out at the new size, and `animations: "disabled"`
 * has Playwright finish CSS transitions (the colour change to dark) before it captures.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const capture = (file: string) => page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true, animations: "disabled" });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await capture(`${name}-${width}.png`);
    if (overflow > 0) throw new Error(`${name} overflows horizontally by ${overflow}px at ${width}px wide`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  // The theme follows the system: one dark capture per page shows the dark palette holds up.
  await page.emulateMedia({ colorScheme: "dark" });
  await capture(`${name}-dark-1280.png`);
  await page.emulateMedia({ colorScheme: "light" });
}
