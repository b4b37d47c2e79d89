// Attacks on the production build with the real sign-in provider, in Chromium where a browser is
// what the attack needs: cookie tossing from a page on another loopback port, framing, the page's
// Content-Security-Policy (the studio works under it with no CSP error), a signed-out cookie
// replayed on pages, an unverified admin email, a malformed path, and a flood of large bodies.
import { readFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium } from "../support/browser";
import { keepFailureArtifacts } from "../support/failure-artifacts";
import { type Studio, signIn, startStudio } from "./harness";

const ADMIN = "founder@example.com";
const UNVERIFIED_ADMIN = "unverified-founder@example.com";

/** The server's resident memory in MB, from /proc. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024;
}

describe.skipIf(!hasChromium())("attacks on the production build", () => {
  let studio: Studio;
  /** A page on another loopback port: a "same-site" attacker (cookies ignore ports). */
  let attacker: Server;
  let attackerUrl: string;
  let attackerPage = "";

  beforeAll(async () => {
    studio = await startStudio(
      { chunks: ["# Draft", "\n\n", "Written ", "under the policy."], chunkDelayMs: 30 },
      { ADMIN_EMAILS: `${ADMIN},${UNVERIFIED_ADMIN}` },
      { unverifiedEmails: [UNVERIFIED_ADMIN] },
    );
    attacker = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(attackerPage);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  }, 600_000);
  afterAll(async () => {
    attacker?.closeAllConnections();
    await new Promise((resolve) => attacker?.close(resolve));
    await studio?.stop();
  });
  keepFailureArtifacts(() => studio?.browser);

  async function signedInContext(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await studio.browser.newContext();
    const page = await context.newPage();
    await signIn(page, studio, email);
    return { context, page };
  }
  const sessionCookieOf = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === "ai_ssa_session");

  it("a cookie planted by a sibling origin on /api/generate does not put the victim's drafts in the attacker's account", async () => {
    const attackerSession = await signedInContext("mallory@example.com");
    const planted = await sessionCookieOf(attackerSession.context);
    await attackerSession.context.close();
    const victim = await signedInContext("victim@example.com");
    // The attacker's page plants its own session cookie for the narrower path of the generate route.
    attackerPage = `<script>document.cookie = "ai_ssa_session=${planted?.value}; path=/api/generate";</script>planted`;
    await victim.page.goto(attackerUrl);
    expect((await victim.context.cookies(`${studio.app.url}/api/generate`)).filter((c) => c.name === "ai_ssa_session")).toHaveLength(2);

    await victim.page.goto(`${studio.app.url}/studio`);
    const status = await victim.page.evaluate(async () => {
      const response = await fetch("/api/generate", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ blueprintSlug: "blog-post-outline", userInput: "Victim's secret plan", model: "claude" }),
      });
      return response.status;
    });
    expect(status).toBe(401);
    expect(studio.provider.requests.filter((r) => JSON.stringify(r.body).includes("Victim's secret plan"))).toHaveLength(0);
    await victim.context.close();
  });

  it("no page can be framed by another origin", async () => {
    const page = await studio.browser.newPage();
    attackerPage = `<iframe id="f" src="${studio.app.url}/" width="600" height="400"></iframe>`;
    const framed = page.waitForResponse((r) => r.url() === `${studio.app.url}/`);
    await page.goto(attackerUrl);
    const response = await framed;
    expect(response.headers()["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(response.headers()["x-frame-options"]).toBe("DENY");
    await expect
      .poll(async () => {
        const frame = page.frames().find((f) => f !== page.mainFrame());
        return frame?.url();
      })
      .toMatch(/^chrome-error:/);
    await page.close();
  });

  it("the studio works under its Content-Security-Policy, with no CSP error in the console", async () => {
    const { context, page } = await signedInContext("csp@example.com");
    const problems: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    const response = await page.goto(`${studio.app.url}/studio`);
    const policy = response?.headers()["content-security-policy"] ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).toMatch(/object-src 'none'/);
    expect(policy).toMatch(/base-uri 'none'/);
    expect(policy).toMatch(/form-action 'self'/);
    await page.getByRole("textbox").first().fill("A post about the policy");
    await page.getByRole("button", { name: /Generate/ }).click();
    await page.getByText("under the policy.").first().waitFor();
    await page.goto(`${studio.app.url}/studio/history`);
    await page.goto(`${studio.app.url}/account`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a signed-out cookie replayed on a page is sent to sign in; on an API it is a 401", async () => {
    const { context, page } = await signedInContext("leaver@example.com");
    const copied = await sessionCookieOf(context);
    await page.goto(`${studio.app.url}/studio`);
    await page.getByRole("button", { name: /Sign out/ }).click();
    await page.waitForURL(`${studio.app.url}/`);
    await context.close();

    const thief = await studio.browser.newContext();
    await thief.addCookies([{ name: "ai_ssa_session", value: copied?.value ?? "", url: studio.app.url }]);
    const stolen = await thief.newPage();
    await stolen.goto(`${studio.app.url}/studio`);
    expect(new URL(stolen.url()).pathname).toBe("/login");
    const api = await fetch(`${studio.app.url}/api/me`, { headers: { cookie: `ai_ssa_session=${copied?.value}` } });
    expect(api.status).toBe(401);
    await thief.close();
  });

  it("ADMIN_EMAILS opens /admin only for an email the provider verified", async () => {
    const verified = await signedInContext(ADMIN);
    expect((await verified.page.goto(`${studio.app.url}/admin`))?.status()).toBe(200);
    await verified.context.close();
    const unverified = await signedInContext(UNVERIFIED_ADMIN);
    expect((await unverified.page.goto(`${studio.app.url}/admin`))?.status()).toBe(404);
    await unverified.context.close();
  });

  it("a path that does not decode is a 400 in the error shape, not a 500", async () => {
    const response = await fetch(`${studio.app.url}/studio/outputs/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("bad_request:path");
  });

  it("100 anonymous 10 MB bodies at once: answered without being read, memory up by under 100 MB and given back", async () => {
    const before = rssMb(studio.app.pid);
    const tenMb = 10 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 97);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(studio.app.pid));
    }, 50);
    const flood = (target: string) =>
      new Promise<number>((resolve) => {
        const url = new URL(target);
        const request = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: "POST",
            headers: { "content-length": tenMb, "content-type": "application/json" },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
            request.destroy();
          },
        );
        request.on("error", () => resolve(-1));
        let sent = 0;
        const write = () => {
          while (sent < tenMb) {
            sent += chunk.length;
            if (!request.write(chunk)) return request.once("drain", write);
          }
          request.end();
        };
        write();
      });
    const targets = ["/api/history", "/api/generate", "/api/me", "/api/webhooks/whop"];
    const statuses = await Promise.all(Array.from({ length: 100 }, (_, i) => flood(`${studio.app.url}${targets[i % targets.length]}`)));
    clearInterval(sampler);
    expect(statuses.every((s) => [401, 405, 413, 415].includes(s) || s === -1)).toBe(true);
    expect(statuses.filter((s) => s > 0).length).toBeGreaterThan(90);
    expect(peak - before).toBeLessThan(100);
    await expect.poll(() => rssMb(studio.app.pid) - before, { timeout: 30_000, interval: 500 }).toBeLessThan(60);
  }, 120_000);
});
