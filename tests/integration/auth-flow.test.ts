// Sign in with Whop end to end over HTTP against a real OpenID provider (oidc-provider): the app's
// route handlers run with Request objects, the provider runs on a port, nothing is mocked.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as callback } from "@/app/api/auth/callback/route";
import { GET as login } from "@/app/api/auth/login/route";
import { GET as me } from "@/app/api/me/route";
import { effectiveTier } from "@/server/access/tiers";
import { PENDING_COOKIE, SESSION_COOKIE } from "@/server/auth/cookies";
import { setOAuthClient } from "@/server/auth/oauth-client";
import { setAppContext } from "@/server/context";
import { appIdentity } from "@/server/db/schema";
import { localSubject } from "@/server/local/sign-in-accounts";
import { clearsCookie, get, pendingPair, sessionPair } from "../support/auth-http";
import { installTestContext, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { signInAtProvider, startTestIdp, TEST_CLIENT_ID, type TestIdp } from "../support/oidc";

const APP = "http://localhost:3000";
let t: TestDatabase;
let idp: TestIdp;

beforeAll(async () => {
  t = await createTestDatabase();
  idp = await startTestIdp({ appUrl: APP });
});
afterAll(async () => {
  await idp.close();
  await t.drop();
});
beforeEach(() => {
  installTestContext(t, testConfig({ APP_URL: APP, WHOP_OAUTH_ISSUER: idp.issuer, WHOP_CLIENT_ID: TEST_CLIENT_ID }));
});
afterEach(() => {
  setAppContext(undefined);
  setOAuthClient(undefined);
});

describe("Sign in with Whop against a real OpenID provider", () => {
  it("signs a new user in: login → provider → callback → session cookie → /api/me answers 200", async () => {
    const started = await login(get(`${APP}/api/auth/login?returnTo=${encodeURIComponent("/studio/history?page=2")}`));
    expect(started.status).toBe(303);
    const authorize = new URL(started.headers.get("location") ?? "");
    expect(authorize.origin).toBe(idp.issuer);
    // Only state, nonce and the S256 challenge travel in the URL; the verifier and returnTo stay sealed.
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("state")).toBeTruthy();
    expect(authorize.searchParams.get("nonce")).toBeTruthy();
    expect(authorize.searchParams.get("scope")).toBe("openid profile email");
    expect(authorize.href).not.toMatch(/code_verifier|returnTo|history/);
    const pending = pendingPair(started);
    const pendingLine = started.headers.getSetCookie().find((l) => l.startsWith(`${PENDING_COOKIE}=`)) ?? "";
    expect(pendingLine).toMatch(/Path=\/api\/auth; Max-Age=600; HttpOnly; SameSite=Lax/);

    const back = await signInAtProvider(authorize.href, "Ada.Lovelace@Example.com");
    expect(back.origin + back.pathname).toBe(`${APP}/api/auth/callback`);

    const finished = await callback(get(back.href, pending));
    expect(finished.status).toBe(303);
    expect(finished.headers.get("location")).toBe(`${APP}/studio/history?page=2`);
    expect(clearsCookie(finished, PENDING_COOKIE)).toBe(true);
    const session = sessionPair(finished);
    expect(session).toBeTruthy();
    const sessionLine = finished.headers.getSetCookie().find((l) => l.startsWith(`${SESSION_COOKIE}=`)) ?? "";
    expect(sessionLine).toMatch(/HttpOnly; SameSite=Lax/);
    expect(sessionLine).not.toMatch(/Secure/); // http://localhost

    const answer = await me(get(`${APP}/api/me`, session));
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body).toMatchObject({
      email: "ada.lovelace@example.com",
      whopId: localSubject("ada.lovelace@example.com"),
      name: "Ada Lovelace",
    });
    expect(body.whopId).toMatch(/^user_[a-f0-9]{16}$/);
    // A first-time identity gets its FREE grant.
    expect((await effectiveTier(t.db, body.id)).name).toBe("FREE");
  });

  it("signing in again with the same email keeps one identity and lands on /studio by default", async () => {
    const signIn = async () => {
      const started = await login(get(`${APP}/api/auth/login`));
      const back = await signInAtProvider(started.headers.get("location") ?? "", "grace@example.com");
      return callback(get(back.href, pendingPair(started)));
    };
    const first = await signIn();
    const second = await signIn();
    expect(second.headers.get("location")).toBe(`${APP}/studio`);
    const [a, b] = await Promise.all([first, second].map(async (r) => (await me(get(`${APP}/api/me`, sessionPair(r)))).json()));
    expect(a.id).toBe(b.id);
    const rows = await t.db
      .select()
      .from(appIdentity)
      .where(eq(appIdentity.whopId, localSubject("grace@example.com")));
    expect(rows).toHaveLength(1);
  });

  it("the provider, like Whop, refuses an authorization request without PKCE", async () => {
    const started = await login(get(`${APP}/api/auth/login`));
    const authorize = new URL(started.headers.get("location") ?? "");
    authorize.searchParams.delete("code_challenge");
    authorize.searchParams.delete("code_challenge_method");
    const answer = await fetch(authorize, { redirect: "manual" });
    const back = new URL(answer.headers.get("location") ?? "", idp.issuer);
    expect(back.origin + back.pathname).toBe(`${APP}/api/auth/callback`);
    expect(back.searchParams.get("error")).toBe("invalid_request");
    expect(back.searchParams.get("error_description")).toMatch(/PKCE/);
  });

  it("a confidential client (WHOP_CLIENT_SECRET set) authenticates at the token endpoint and signs in", async () => {
    const secretIdp = await startTestIdp({ appUrl: APP, clientId: "ai-ssa-confidential", clientSecret: "a-client-secret-for-tests" });
    try {
      installTestContext(
        t,
        testConfig({
          APP_URL: APP,
          WHOP_OAUTH_ISSUER: secretIdp.issuer,
          WHOP_CLIENT_ID: "ai-ssa-confidential",
          WHOP_CLIENT_SECRET: "a-client-secret-for-tests",
        }),
      );
      const started = await login(get(`${APP}/api/auth/login`));
      const back = await signInAtProvider(started.headers.get("location") ?? "", "hedy@example.com");
      const finished = await callback(get(back.href, pendingPair(started)));
      expect(finished.headers.get("location")).toBe(`${APP}/studio`);
      expect(sessionPair(finished)).toBeTruthy();
    } finally {
      await secretIdp.close();
    }
  });
});
