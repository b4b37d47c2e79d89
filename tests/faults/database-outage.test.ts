// Connections never wedge: the production build behind a TCP proxy to PostgreSQL that refuses or
// hangs (no reset) every connection. While the database is out every API route answers 503
// `unavailable:database` with Retry-After, never a 500, /api/health answers within 2 seconds, and
// after a 3-second outage in which connections hang the app serves again within 10 seconds of the
// database coming back, without a restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "@/server/auth/cookies";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { sealSession } from "@/server/auth/session";
import { ensureBuild } from "../../devkit/build";
import { type RunningApp, startApp, TEST_APP_SESSION_SECRET } from "../support/app-server";
import { testConfig } from "../support/context";
import { createTestDatabase, needsRealPostgres, type TestDatabase } from "../support/db";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { signWithReferenceLibrary, whopEvent } from "../support/whop-api";

const WEBHOOK_SECRET = "ws_outage_test_secret_0123456789";
const OUTPUT = "0b1f6c1e-8a4b-4a4e-9d0e-2f8c7d6a5b4c";

describe.skipIf(needsRealPostgres("database outages against the app process"))("database outages", () => {
  let t: TestDatabase;
  let proxy: TcpProxy;
  let app: RunningApp;
  let cookie: string;

  beforeAll(async () => {
    ensureBuild();
    t = await createTestDatabase();
    proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(t.url as string).port || 5432) });
    app = await startApp({ env: { DATABASE_URL: proxy.urlFor(t.url as string), WHOP_WEBHOOK_SECRET: WEBHOOK_SECRET } });
    const whopId = `user_outage_${Date.now()}`;
    const { identity } = await upsertIdentityAtSignIn(t.db, { whopId, email: `${whopId}@example.com` }, new Date());
    const config = testConfig({ SESSION_SECRET: TEST_APP_SESSION_SECRET, APP_URL: app.url });
    cookie = `${SESSION_COOKIE}=${encodeURIComponent(await sealSession(config, { identityId: identity.id, whopId, email: identity.email }, new Date()))}`;
  }, 600_000);
  afterAll(async () => {
    proxy?.restore();
    await app?.stop();
    await proxy?.close();
    await t?.drop();
  });

  const me = () => fetch(`${app.url}/api/me`, { headers: { cookie } });
  /** Several requests at once, so the pool holds several connections when the fault lands. */
  const warm = async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => me()));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  };

  async function expectDatabaseDown(response: Response, what: string) {
    expect(response.status, what).toBe(503);
    expect(Number(response.headers.get("retry-after")), what).toBeGreaterThan(0);
    expect((await response.json()).error.code, what).toBe("unavailable:database");
  }

  it("refused: every API route answers 503 unavailable:database with Retry-After; none answers 500", async () => {
    await warm();
    proxy.refuse();
    try {
      const json = { "content-type": "application/json", cookie, origin: app.url };
      const body = whopEvent("payment.succeeded", { id: "pay_outage", membership: null });
      const requests: Array<[string, () => Promise<Response>]> = [
        ["GET /api/me", () => me()],
        ["GET /api/history", () => fetch(`${app.url}/api/history`, { headers: { cookie } })],
        ["GET /api/blueprints", () => fetch(`${app.url}/api/blueprints`, { headers: { cookie } })],
        [
          "POST /api/generate",
          () =>
            fetch(`${app.url}/api/generate`, {
              method: "POST",
              headers: json,
              body: JSON.stringify({ blueprintSlug: "blog-post-outline", userInput: "Hi", model: "demo" }),
            }),
        ],
        ["GET /api/outputs/{id}/messages", () => fetch(`${app.url}/api/outputs/${OUTPUT}/messages`, { headers: { cookie } })],
        [
          "POST /api/outputs/{id}/messages",
          () =>
            fetch(`${app.url}/api/outputs/${OUTPUT}/messages`, {
              method: "POST",
              headers: json,
              body: JSON.stringify({ content: "More" }),
            }),
        ],
        [
          "POST /api/webhooks/whop",
          () =>
            fetch(`${app.url}/api/webhooks/whop`, {
              method: "POST",
              headers: signWithReferenceLibrary(WEBHOOK_SECRET, body).headers,
              body,
            }),
        ],
        ["GET /api/health", () => fetch(`${app.url}/api/health`)],
      ];
      for (const [what, send] of requests) await expectDatabaseDown(await send(), what);
    } finally {
      proxy.restore();
    }
    await expect.poll(async () => (await me()).status, { timeout: 15_000, interval: 250 }).toBe(200);
    expect(app.output()).not.toMatch(/unhandled error|uncaught|\n\s+at /i);
  });

  it("hung for 3 seconds: health answers within 2 s throughout, and the app serves again within 10 s of the database coming back", async () => {
    await warm();
    proxy.freeze();
    const frozenAt = Date.now();
    // Users keep coming while the database hangs: every answer is 200 or a clean 503, never a 500.
    const statuses: number[] = [];
    let traffic = true;
    const users = (async () => {
      const pending: Promise<void>[] = [];
      while (traffic) {
        pending.push(
          me().then(async (response) => {
            statuses.push(response.status);
            if (response.status !== 200) await expectDatabaseDown(response, "GET /api/me during the outage");
          }),
        );
        await new Promise((r) => setTimeout(r, 250));
      }
      await Promise.all(pending);
    })();

    const healthStarted = Date.now();
    const health = await fetch(`${app.url}/api/health`);
    expect(Date.now() - healthStarted).toBeLessThan(2_000);
    await expectDatabaseDown(health, "GET /api/health during the outage");

    await new Promise((r) => setTimeout(r, Math.max(0, 3_000 - (Date.now() - frozenAt))));
    proxy.restore();
    const backAt = Date.now();
    await expect.poll(async () => (await me()).status, { timeout: 10_000, interval: 250 }).toBe(200);
    const servedAfterMs = Date.now() - backAt;
    traffic = false;
    await users;
    expect(servedAfterMs).toBeLessThan(10_000);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    const healthAfter = await fetch(`${app.url}/api/health`);
    expect(healthAfter.status).toBe(200);
    expect(app.output()).not.toMatch(/unhandled error|uncaught|\n\s+at /i);
  }, 120_000);
});
