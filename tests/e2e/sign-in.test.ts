// A newcomer in a real browser: the studio sends them to sign in, the local provider asks for an
// email, they land in the studio signed in; after signing out the studio sends them to /login.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild } from "../../devkit/build";
import { freePort } from "../../devkit/servers";
import { type RunningApp, startApp } from "../support/app-server";
import { hasChromium, launchBrowser } from "../support/browser";
import { createTestDatabase, onRealPostgres, type TestDatabase } from "../support/db";
import { keepFailureArtifacts } from "../support/failure-artifacts";
import { startTestIdp, type TestIdp } from "../support/oidc";

describe.skipIf(!hasChromium())("signing in with Whop in Chromium (local provider)", () => {
  let db: TestDatabase | undefined;
  let idp: TestIdp;
  let app: RunningApp;
  let browser: Browser;
  keepFailureArtifacts(() => browser);

  beforeAll(async () => {
    ensureBuild();
    // On real PostgreSQL the app gets a database of its own; otherwise it uses PGlite in a temp folder.
    db = onRealPostgres ? await createTestDatabase({ migrate: false, seed: false }) : undefined;
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    idp = await startTestIdp({ appUrl, clientId: "ai-ssa-local" });
    // Local mode: no WHOP_CLIENT_ID, the issuer is the provider this test runs.
    app = await startApp({ port, env: { WHOP_OAUTH_ISSUER: idp.issuer, DATABASE_URL: db?.url } });
    browser = await launchBrowser();
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await idp?.close();
    await db?.drop();
  });

  it("studio → login → local provider → studio signed in → sign out → studio asks to sign in again", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.url}/studio`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(new URL(page.url()).searchParams.get("returnTo")).toBe("/studio");
    await expect(page.getByText("Local sign-in provider in use").isVisible()).resolves.toBe(true);

    await page.getByRole("link", { name: "Sign in with Whop" }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await expect(page.getByText("not Whop").isVisible()).resolves.toBe(true);
    await page.getByLabel("Email").fill("newcomer@example.com");
    await page.getByRole("button", { name: "Continue" }).click();

    await page.waitForURL(`${app.url}/studio`);
    await expect(page.getByTestId("signed-in-email").textContent()).resolves.toBe("newcomer@example.com");
    const me = await page.evaluate(async () => (await fetch("/api/me")).json());
    expect(me).toMatchObject({ email: "newcomer@example.com", whopId: expect.stringMatching(/^user_/) });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${app.url}/`);
    await expect(page.getByRole("link", { name: "Sign in", exact: true }).isVisible()).resolves.toBe(true);
    const cookies = await page.context().cookies(app.url);
    expect(cookies.find((c) => c.name === "ai_ssa_session")).toBeUndefined();

    await page.goto(`${app.url}/studio`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect((await page.request.get(`${app.url}/api/me`)).status()).toBe(401);
  });

  it("cancelling at the provider brings you back to /login with the reason and no session", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${app.url}/login`);
    await page.getByRole("link", { name: "Sign in with Whop" }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    expect(new URL(page.url()).searchParams.get("error")).toBe("access_denied");
    await expect(page.getByTestId("sign-in-error").textContent()).resolves.toMatch(/cancelled/);
    const cookies = await page.context().cookies(app.url);
    expect(cookies.find((c) => c.name === "ai_ssa_session")).toBeUndefined();
  });
});
