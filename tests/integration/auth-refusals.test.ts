// Every way a sign-in can be forged or go wrong is refused with a clear error and no session:
// the browser lands on /login?error=<code>, and no ai_ssa_session cookie is set.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as callback } from "@/app/api/auth/callback/route";
import { GET as login } from "@/app/api/auth/login/route";
import { PENDING_COOKIE } from "@/server/auth/cookies";
import { createOAuthClient, setOAuthClient } from "@/server/auth/oauth-client";
import { readPendingCookie, sealPendingSignIn, unsealPendingSignIn } from "@/server/auth/pending-sign-in";
import { SIGN_IN_ERRORS, signInErrorMessage } from "@/server/auth/sign-in-errors";
import type { AppConfig } from "@/server/config";
import { setAppContext } from "@/server/context";
import { clearsCookie, get, pendingPair, sessionPair } from "../support/auth-http";
import { installTestContext, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { rewritingIdTokens, signInAtProvider, startTestIdp, strangerKey, TEST_CLIENT_ID, type TestIdp } from "../support/oidc";

const APP = "http://localhost:3000";
let t: TestDatabase;
let idp: TestIdp;
let config: AppConfig;
let clock = () => new Date();

beforeAll(async () => {
  t = await createTestDatabase();
  idp = await startTestIdp({ appUrl: APP });
  config = testConfig({ APP_URL: APP, WHOP_OAUTH_ISSUER: idp.issuer, WHOP_CLIENT_ID: TEST_CLIENT_ID });
});
afterAll(async () => {
  await idp.close();
  await t.drop();
});
beforeEach(() => {
  clock = () => new Date();
  installTestContext(t, config, () => clock());
});
afterEach(() => {
  setAppContext(undefined);
  setOAuthClient(undefined);
});

/** Starts a sign-in and completes it at the provider; returns the callback URL and the pending cookie. */
async function throughProvider(email: string, returnTo = "/studio", choice: "login" | "abort" = "login") {
  const started = await login(get(`${APP}/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`));
  const pending = pendingPair(started);
  if (!pending) throw new Error("login did not set the pending cookie");
  const back = await signInAtProvider(started.headers.get("location") ?? "", email, choice);
  return { back, pending };
}

function expectRefused(response: Response, code: keyof typeof SIGN_IN_ERRORS): void {
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe(`${APP}/login?error=${code}`);
  expect(sessionPair(response)).toBeUndefined();
  expect(signInErrorMessage(code)).toBe(SIGN_IN_ERRORS[code]);
}

describe("the callback refuses a forged or broken sign-in", () => {
  it("refuses a response without state", async () => {
    const { back, pending } = await throughProvider("no-state@example.com");
    back.searchParams.delete("state");
    const response = await callback(get(back.href, pending));
    expectRefused(response, "state_mismatch");
    expect(clearsCookie(response, PENDING_COOKIE)).toBe(true);
  });

  it("refuses a response whose state belongs to another sign-in", async () => {
    const { back, pending } = await throughProvider("other-state@example.com");
    back.searchParams.set("state", "an-attackers-state-value");
    expectRefused(await callback(get(back.href, pending)), "state_mismatch");
  });

  it("refuses a response from a sign-in started in another browser (cookie of another sign-in)", async () => {
    const victim = await throughProvider("victim@example.com");
    const attacker = await login(get(`${APP}/api/auth/login`));
    expectRefused(await callback(get(victim.back.href, pendingPair(attacker))), "state_mismatch");
  });

  it("refuses when the verifier cookie is missing", async () => {
    const { back } = await throughProvider("no-cookie@example.com");
    expectRefused(await callback(get(back.href)), "sign_in_expired");
  });

  it("refuses a sign-in finished more than 10 minutes after it started", async () => {
    const { back, pending } = await throughProvider("slow@example.com");
    clock = () => new Date(Date.now() + 11 * 60 * 1000);
    expectRefused(await callback(get(back.href, pending)), "sign_in_expired");
  });

  it("refuses a code used twice", async () => {
    const { back, pending } = await throughProvider("replay@example.com");
    const first = await callback(get(back.href, pending));
    expect(sessionPair(first)).toBeTruthy();
    expectRefused(await callback(get(back.href, pending)), "code_rejected");
  });

  it("refuses an ID token with another nonce, even when validly signed by the provider", async () => {
    setOAuthClient(
      await createOAuthClient(config, { fetch: rewritingIdTokens(idp.signingKey, (c) => ({ ...c, nonce: "someone-elses-nonce" })) }),
    );
    const { back, pending } = await throughProvider("nonce@example.com");
    expectRefused(await callback(get(back.href, pending)), "id_token_invalid");
  });

  it("refuses an ID token issued to another audience", async () => {
    setOAuthClient(await createOAuthClient(config, { fetch: rewritingIdTokens(idp.signingKey, (c) => ({ ...c, aud: "another-app" })) }));
    const { back, pending } = await throughProvider("audience@example.com");
    expectRefused(await callback(get(back.href, pending)), "id_token_invalid");
  });

  it("refuses an expired ID token", async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    setOAuthClient(
      await createOAuthClient(config, { fetch: rewritingIdTokens(idp.signingKey, (c) => ({ ...c, iat: past, exp: past + 60 })) }),
    );
    const { back, pending } = await throughProvider("expired-token@example.com");
    expectRefused(await callback(get(back.href, pending)), "id_token_invalid");
  });

  it("refuses an ID token signed with a key the provider does not publish", async () => {
    const stranger = await strangerKey();
    setOAuthClient(await createOAuthClient(config, { fetch: rewritingIdTokens(stranger, (c) => c) }));
    const { back, pending } = await throughProvider("forged@example.com");
    expectRefused(await callback(get(back.href, pending)), "id_token_invalid");
  });

  it("shows a friendly message when the user cancels at the provider (error=access_denied)", async () => {
    const { back, pending } = await throughProvider("cancel@example.com", "/studio", "abort");
    expect(back.searchParams.get("error")).toBe("access_denied");
    const response = await callback(get(back.href, pending));
    expectRefused(response, "access_denied");
    expect(signInErrorMessage("access_denied")).toMatch(/cancelled/);
  });
});

describe("returnTo only ever leads back into the app", () => {
  it.each(["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "%2F%2Fevil.example"])(
    "refuses to start a sign-in that would return to %s",
    async (returnTo) => {
      const response = await login(get(`${APP}/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`));
      expectRefused(response, "unsafe_return_to");
      expect(pendingPair(response)).toBeUndefined();
    },
  );

  it("even a sealed returnTo that leaves the site lands on /studio after sign-in", async () => {
    const started = await login(get(`${APP}/api/auth/login`));
    const sealed = readPendingCookie(config, get(APP, pendingPair(started)));
    const pending = await unsealPendingSignIn(config, sealed, new Date());
    if (!pending) throw new Error("no pending sign-in");
    const tampered = await sealPendingSignIn(config, { ...pending, returnTo: "//evil.example/steal" });
    const back = await signInAtProvider(started.headers.get("location") ?? "", "sealed-return@example.com");
    const response = await callback(get(back.href, `${PENDING_COOKIE}=${encodeURIComponent(tampered)}`));
    expect(response.headers.get("location")).toBe(`${APP}/studio`);
    expect(sessionPair(response)).toBeTruthy();
  });
});
