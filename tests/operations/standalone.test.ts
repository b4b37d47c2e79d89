// What the Docker image runs, run here without Docker: the standalone output of `npm run build`
// copied out of the tree the way the Dockerfile copies it (.next/standalone, then .next/static and
// public/ beside it), started with `node server.js` and a strict production environment behind a
// TLS-terminating proxy (APP_URL is https), on a fresh, unmigrated PostgreSQL database. It must
// migrate the database from the migrations it carries, answer /api/health, render pages with their
// static files, complete Sign in with Whop (a local OpenID provider) with a __Host- session cookie,
// stream a draft from a provider-protocol server, and stop gracefully on SIGTERM. Two instances
// share the database behind a proxy that alternates between them: a sign-in and a session cross
// instances, and the cron called on both at once runs once.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputRecord } from "@/server/db/schema";
import { BUILD_LOCK, ensureBuild } from "../../devkit/build";
import { type ProviderServer, startProviderServer } from "../../devkit/providers/server";
import { freePort } from "../../devkit/servers";
import { createTestDatabase, needsRealPostgres, type TestDatabase } from "../support/db";
import { eventually } from "../support/generation";
import { type HttpsProxy, hasOpenssl, startHttpsProxy } from "../support/https-proxy";
import { signInAtProvider, startTestIdp, TEST_CLIENT_ID, type TestIdp } from "../support/oidc";
import { type CapturedProcess, spawnCaptured } from "../support/processes";
import { type FakeWhopApi, startWhopApi } from "../support/whop-api";

const strong = (bytes: number) => randomBytes(bytes).toString("base64url");
const WHOP_API_KEY = "whop_api_key_standalone_test";
const WHOP_COMPANY_ID = "biz_standalone";

/** Copies the build as the Dockerfile does; the shared build lock keeps a rebuild from replacing it mid-copy. */
function copyStandalone(): string {
  const dir = mkdtempSync(join(tmpdir(), "ai-ssa-standalone-"));
  const script =
    'cp -a .next/standalone/. "$1"/ && cp -a .next/static "$1"/.next/static && if [ -d public ]; then cp -a public "$1"/public; fi';
  execFileSync("flock", ["-s", BUILD_LOCK, "sh", "-c", script, "sh", dir], { stdio: "inherit" });
  return dir;
}

type Standalone = CapturedProcess;

function startStandalone(dir: string, env: Record<string, string>): Standalone {
  return spawnCaptured(process.execPath, ["server.js"], { cwd: dir, env });
}

describe.skipIf(needsRealPostgres("the standalone server in production mode"))("the standalone server, as the Docker image runs it", () => {
  let dir: string;
  let db: TestDatabase;
  let provider: ProviderServer;
  let whop: FakeWhopApi;
  let idp: TestIdp;
  let proxy: HttpsProxy;
  /** Two instances on one database behind the proxy, which takes them in turn (no sticky sessions). */
  let instances: Array<Standalone & { port: number }> = [];
  let session = "";
  let env: Record<string, string> = {};

  const at = (path: string, init: Parameters<typeof undiciFetch>[1] = {}) =>
    undiciFetch(`${proxy.url}${path}`, { dispatcher: proxy.dispatcher, redirect: "manual", ...init });

  beforeAll(async () => {
    if (!hasOpenssl()) throw new Error("this test makes its TLS certificate with openssl: apt-get install -y openssl");
    ensureBuild();
    dir = copyStandalone();
    db = await createTestDatabase({ migrate: false, seed: false });
    provider = await startProviderServer();
    whop = await startWhopApi({ apiKey: WHOP_API_KEY, companyId: WHOP_COMPANY_ID });
    const ports = [await freePort(), await freePort()];
    const publicPort = await freePort();
    const appUrl = `https://127.0.0.1:${publicPort}`;
    idp = await startTestIdp({ appUrl });
    proxy = await startHttpsProxy({ targetPorts: ports, port: publicPort });
    env = {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_MANUAL_SIG_HANDLE: "1",
      HOSTNAME: "127.0.0.1",
      // APP_URL is a loopback address here, so production is declared, as on any real host it is implied.
      APP_ENV: "production",
      APP_URL: appUrl,
      DATABASE_URL: db.url as string,
      SESSION_SECRETS: JSON.stringify({ 1: strong(48) }),
      WHOP_OAUTH_ISSUER: idp.issuer,
      WHOP_CLIENT_ID: TEST_CLIENT_ID,
      WHOP_WEBHOOK_SECRET: `ws_${strong(32)}`,
      WHOP_PRO_PLAN_IDS: "plan_standalone_pro",
      WHOP_API_KEY,
      WHOP_COMPANY_ID,
      WHOP_API_BASE_URL: whop.baseUrl,
      CRON_SECRET: strong(48),
      OPENAI_API_KEY: "sk-test-standalone-0000",
      OPENAI_BASE_URL: provider.url,
      TRUST_PROXY: "1",
    };
    // Both start at once on the empty database: they take turns at the migrations (advisory lock).
    instances = ports.map((port) => ({ ...startStandalone(dir, { ...env, PORT: String(port) }), port }));
    const deadline = Date.now() + 120_000;
    for (const instance of instances) {
      while (
        (await fetch(`http://127.0.0.1:${instance.port}/api/health`).then(
          (r) => r.status,
          () => 0,
        )) !== 200
      ) {
        if (instance.child.exitCode !== null || Date.now() > deadline)
          throw new Error(`a standalone server did not become healthy:\n${instance.output().slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }, 900_000);

  afterAll(async () => {
    for (const instance of instances) {
      if (instance.child.exitCode === null && instance.child.signalCode === null) {
        instance.child.kill("SIGKILL");
        await instance.exited;
      }
    }
    await proxy?.close();
    await idp?.close();
    await whop?.close();
    await provider?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("carries its migrations and applied every one of them to the empty database before answering healthy", async () => {
    const migrations = readdirSync(join(dir, "drizzle")).filter((name) => name.endsWith(".sql"));
    expect(migrations.length).toBeGreaterThan(0);
    expect(existsSync(join(dir, "node_modules", "next"))).toBe(true);
    expect(existsSync(join(dir, "src"))).toBe(false); // only the traced output, no sources
    const applied = await db.pool?.query("select count(*)::int as n from drizzle.__drizzle_migrations");
    expect(applied?.rows[0]?.n).toBe(migrations.length);

    for (let i = 0; i < 2; i++) {
      const health = await at("/api/health");
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", db: "ok" });
    }
  });

  it("renders a page with its static files in place", async () => {
    const page = await at("/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    const asset = /(\/_next\/static\/[^"']+\.(?:js|css))/.exec(html)?.[1];
    expect(asset, "the page links a static asset").toBeDefined();
    const served = await at(asset as string);
    expect(served.status).toBe(200);
    await served.arrayBuffer();
    // Production: no local-mode banner, no stand-ins.
    expect(html).not.toMatch(/local sign-in provider/i);
  });

  it("signs in through the provider and sets the __Host- session cookie over https, across instances", async () => {
    const started = await at("/api/auth/login?returnTo=%2Fstudio");
    const startedOn = proxy.served.at(-1);
    expect(started.status).toBe(303);
    const pending = started.headers.getSetCookie().find((line) => line.startsWith("__Host-ai_ssa_oauth="));
    expect(pending).toMatch(/; Secure/i);
    const back = await signInAtProvider(started.headers.get("location") ?? "", "standalone@example.com");
    expect(back.origin).toBe(proxy.url);
    const finished = await undiciFetch(back, {
      dispatcher: proxy.dispatcher,
      redirect: "manual",
      headers: { cookie: (pending as string).split(";")[0] as string },
    });
    // The sign-in began on one instance and finished on the other.
    expect(proxy.served.at(-1)).not.toBe(startedOn);
    expect(finished.status).toBe(303);
    expect(finished.headers.get("location")).toBe(`${proxy.url}/studio`);
    const cookie = finished.headers.getSetCookie().find((line) => line.startsWith("__Host-ai_ssa_session="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Path=\/;/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    session = (cookie as string).split(";")[0] as string;

    // The session opens pages on both instances.
    for (let i = 0; i < 2; i++) {
      const studio = await at("/studio", { headers: { cookie: session } });
      expect(studio.status).toBe(200);
      expect(await studio.text()).toContain("standalone@example.com");
    }
    expect(new Set(proxy.served.slice(-2)).size).toBe(2);
  });

  it("streams a draft from the provider and stores it complete", async () => {
    expect(session).not.toBe("");
    const response = await at("/api/generate", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: session, origin: proxy.url },
      body: JSON.stringify({ blueprintSlug: "blog-post-outline", userInput: "Self-hosting without Docker.", model: "gpt" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const outputId = response.headers.get("x-output-id") as string;
    expect(outputId).toBeTruthy();
    let events = 0;
    let body = "";
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      events += 1;
      body += Buffer.from(chunk).toString("utf8");
    }
    expect(events).toBeGreaterThan(1); // streamed, not one buffered answer
    expect(body).toContain("local provider.");
    expect(body).toContain("data: [DONE]");
    expect(provider.requests.at(-1)?.path).toBe("/v1/responses");
    const stored = await eventually(async () => {
      const [row] = await db.db.select().from(outputRecord).where(eq(outputRecord.id, outputId));
      return row?.status === "streaming" ? undefined : row;
    }, 10_000);
    expect(stored.status).toBe("complete");
  });

  it("the daily reconciliation may be called on every instance at once: one runs, the other skips", async () => {
    const cron = (port: number) =>
      fetch(`http://127.0.0.1:${port}/api/cron/reconcile`, { method: "POST", headers: { authorization: `Bearer ${env.CRON_SECRET}` } });
    let release = () => {};
    let reached = () => {};
    const pageReached = new Promise<void>((resolve) => {
      reached = resolve;
    });
    whop.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    whop.onPage = () => reached();
    try {
      const [a, b] = instances as [Standalone & { port: number }, Standalone & { port: number }];
      const first = cron(a.port);
      await pageReached; // the first run holds the lock while it lists memberships
      const second = await cron(b.port);
      expect(second.status).toBe(200);
      expect(await second.json()).toMatchObject({ status: "skipped" });
      release();
      const done = await first;
      expect(done.status).toBe(200);
      expect(await done.json()).toMatchObject({ status: "succeeded" });
    } finally {
      whop.hold = undefined;
      whop.onPage = undefined;
      release();
    }
    // The lock is free again: the next call runs.
    const again = await cron(instances[1]?.port as number);
    expect(await again.json()).toMatchObject({ status: "succeeded" });
    const unauthorised = await fetch(`http://127.0.0.1:${instances[1]?.port}/api/cron/reconcile`, { method: "POST" });
    expect(unauthorised.status).toBe(401);
  });

  it("refuses to start on a weak production configuration, naming every problem", async () => {
    const weak = startStandalone(dir, {
      ...env,
      PORT: String(await freePort()),
      SESSION_SECRETS: JSON.stringify({ 1: "a".repeat(40) }),
      CRON_SECRET: "short",
    });
    const code = await Promise.race([weak.exited, new Promise((resolve) => setTimeout(() => resolve("still running"), 30_000))]);
    if (code === "still running") weak.child.kill("SIGKILL");
    expect(code).toBe(1);
    expect(weak.output()).toContain("Configuration error:");
    expect(weak.output()).toMatch(/ {2}- SESSION_SECRETS \(id 1\) is one character repeated/);
    expect(weak.output()).toMatch(/ {2}- CRON_SECRET must be set to at least 32 characters/);
  }, 40_000);

  it("stops gracefully on SIGTERM (NEXT_MANUAL_SIG_HANDLE=1): exit 0 after the app's own shutdown", async () => {
    for (const instance of instances) {
      instance.child.kill("SIGTERM");
      const code = await Promise.race([instance.exited, new Promise((resolve) => setTimeout(() => resolve("late"), 20_000))]);
      expect(code).toBe(0);
      expect(instance.output()).toContain("shutdown: done");
      expect(instance.output()).not.toMatch(/Configuration error|\n\s+at /);
    }
  }, 60_000);
});
