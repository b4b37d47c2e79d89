// The built app over real HTTP (next start + src/proxy.ts) with the local provider: the whole
// sign-in, the proxy's gate on private pages and APIs, and sign-out's cross-site refusal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "@/server/auth/cookies";
import { ensureBuild } from "../../devkit/build";
import { freePort } from "../../devkit/servers";
import { type RunningApp, startApp } from "../support/app-server";
import { setCookiePair } from "../support/auth-http";
import { createTestDatabase, onRealPostgres, type TestDatabase } from "../support/db";
import { signInAtProvider, startTestIdp, TEST_CLIENT_ID, type TestIdp } from "../support/oidc";

let db: TestDatabase | undefined;
let idp: TestIdp;
let app: RunningApp;

beforeAll(async () => {
  ensureBuild();
  db = onRealPostgres ? await createTestDatabase({ migrate: false, seed: false }) : undefined;
  const port = await freePort();
  idp = await startTestIdp({ appUrl: `http://127.0.0.1:${port}` });
  app = await startApp({ port, env: { WHOP_OAUTH_ISSUER: idp.issuer, WHOP_CLIENT_ID: TEST_CLIENT_ID, DATABASE_URL: db?.url } });
}, 900_000);
afterAll(async () => {
  await app?.stop();
  await idp?.close();
  await db?.drop();
});

const fetchManual = (path: string, init: RequestInit = {}) => fetch(`${app.url}${path}`, { redirect: "manual", ...init });

async function signIn(email: string, returnTo = "/studio"): Promise<string> {
  const started = await fetchManual(`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  expect(started.status).toBe(303);
  const pending = started.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  const back = await signInAtProvider(started.headers.get("location") ?? "", email);
  const finished = await fetch(back, { redirect: "manual", headers: { cookie: pending } });
  expect(finished.status).toBe(303);
  expect(finished.headers.get("location")).toBe(`${app.url}${returnTo}`);
  const session = setCookiePair(finished, SESSION_COOKIE);
  if (!session) throw new Error("no session cookie");
  return session;
}

describe("the running app", () => {
  it("signs in through the provider and the session opens a private API", async () => {
    const session = await signIn("http-user@example.com", "/studio/history");
    const me = await fetchManual("/api/me", { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: "http-user@example.com" });
  });

  it("the proxy sends a visitor without a session from a private page to /login with the way back", async () => {
    for (const path of ["/studio", "/studio/history?page=2", "/account", "/admin"]) {
      const response = await fetchManual(path);
      expect(response.status, path).toBe(307);
      const location = new URL(response.headers.get("location") ?? "", app.url);
      expect(location.pathname).toBe("/login");
      expect(location.searchParams.get("returnTo")).toBe(path);
    }
  });

  it("the proxy answers 401 JSON for private APIs without a genuine session, even when a cookie exists", async () => {
    for (const cookie of [undefined, `${SESSION_COOKIE}=anything`, `${SESSION_COOKIE}=Fe26.2*1*forged*value`]) {
      const response = await fetchManual("/api/me", { headers: cookie ? { cookie } : {} });
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("unauthorized:session");
    }
  });

  it("the streaming routes, which the proxy leaves to their handlers, refuse without a genuine session before reading the body", async () => {
    const outputPath = "/api/outputs/0b8e9b64-3c1d-4a51-9a3f-1f0e2d3c4b5a/messages";
    for (const cookie of [undefined, `${SESSION_COOKIE}=anything`, `${SESSION_COOKIE}=Fe26.2*1*forged*value`]) {
      const headers: Record<string, string> = { "content-type": "application/json", ...(cookie ? { cookie } : {}) };
      for (const [method, path, body] of [
        ["POST", "/api/generate", JSON.stringify({ blueprintSlug: "blog-post-outline", userInput: "Hi", model: "demo" })],
        ["POST", "/api/generate", "not json at all"],
        ["POST", outputPath, JSON.stringify({ content: "More" })],
        ["GET", outputPath, undefined],
      ] as const) {
        const response = await fetchManual(path, { method, headers, body });
        expect(response.status, `${method} ${path} with ${cookie ?? "no cookie"}`).toBe(401);
        expect((await response.json()).error.code).toBe("unauthorized:session");
      }
    }
  });

  it("public routes stay open without a session", async () => {
    expect((await fetchManual("/api/health")).status).toBe(200);
    expect((await fetchManual("/login")).status).toBe(200);
    expect((await fetchManual("/")).status).toBe(200);
    expect((await fetchManual("/api/auth/login")).status).toBe(303);
  });

  it("the login page shows the reason a sign-in was refused", async () => {
    const html = await (await fetchManual("/login?error=access_denied")).text();
    expect(html).toContain("Sign-in was cancelled at Whop");
    expect(html).toContain("Sign in with Whop");
  });

  it("sign-out refuses a cross-site post and accepts the app's own", async () => {
    const session = await signIn("signout@example.com");
    const evil = await fetchManual("/api/auth/logout", { method: "POST", headers: { cookie: session, origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.headers.getSetCookie()).toEqual([]);
    const own = await fetchManual("/api/auth/logout", { method: "POST", headers: { cookie: session, origin: app.url } });
    expect(own.status).toBe(200);
    expect(own.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
  });
});
