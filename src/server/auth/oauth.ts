// Sign in with Whop: OAuth 2.1 authorization code + PKCE (S256) + OpenID Connect. Each check is
// named after what it enforces and fails closed: a refused sign-in sends the browser to
// /login?error=<code> and never sets a session cookie.
import { timingSafeEqual } from "node:crypto";
import * as oidc from "openid-client";
import { reconcileUserAtSignIn } from "../billing/reconcile";
import type { AppContext } from "../context";
import { log } from "../log";
import { sessionCookieHeader } from "./cookies";
import { upsertIdentityAtSignIn } from "./identity";
import { getOAuthClient } from "./oauth-client";
import {
  clearPendingCookieHeader,
  pendingCookieHeader,
  readPendingCookie,
  sealPendingSignIn,
  unsealPendingSignIn,
} from "./pending-sign-in";
import { DEFAULT_RETURN_TO, safeReturnTo } from "./return-to";
import { sealSession } from "./session";
import { SignInError } from "./sign-in-errors";

export const SCOPES = "openid profile email";
export const CALLBACK_PATH = "/api/auth/callback";

/** A browser redirect plus the cookies it sets or clears. */
export interface SignInRedirect {
  location: string;
  cookies: string[];
}

function loginErrorUrl(ctx: AppContext, code: string): string {
  return `${ctx.config.appUrl}/login?error=${encodeURIComponent(code)}`;
}

function refused(ctx: AppContext, error: unknown, step: string): SignInRedirect {
  const refusal = error instanceof SignInError ? error : classify(error);
  log.warn("sign-in refused", { step, code: refusal.code, reason: refusal.reason });
  return { location: loginErrorUrl(ctx, refusal.code), cookies: [clearPendingCookieHeader(ctx.config)] };
}

/** GET /api/auth/login: make state, nonce and a PKCE verifier, seal them, and send the browser to Whop. */
export async function startSignIn(ctx: AppContext, rawReturnTo: string | null): Promise<SignInRedirect> {
  try {
    // An explicit returnTo that leaves the site is an attack on this link, not a typo: refuse it.
    const returnTo = rawReturnTo ? safeReturnTo(rawReturnTo, "") : DEFAULT_RETURN_TO;
    if (!returnTo) throw new SignInError("unsafe_return_to", "returnTo is not a same-origin path");
    const client = await getOAuthClient(ctx.config);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const authorizationUrl = oidc.buildAuthorizationUrl(client, {
      redirect_uri: `${ctx.config.appUrl}${CALLBACK_PATH}`,
      response_type: "code",
      scope: SCOPES,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
    });
    const startedAt = Math.floor(ctx.now().getTime() / 1000);
    const sealed = await sealPendingSignIn(ctx.config, { state, nonce, codeVerifier, returnTo, startedAt });
    return { location: authorizationUrl.href, cookies: [pendingCookieHeader(ctx.config, sealed)] };
  } catch (error) {
    return refused(ctx, error, "start");
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** GET /api/auth/callback: verify the response, exchange the code, verify the ID token, sign in. */
export async function finishSignIn(ctx: AppContext, request: Request): Promise<SignInRedirect> {
  try {
    const { config } = ctx;
    const params = new URL(request.url).searchParams;
    // RFC 6749 §4.1.2.1: the provider reports refusals on the redirect; no code to exchange then.
    const providerError = params.get("error");
    if (providerError === "access_denied") throw new SignInError("access_denied", "the provider answered access_denied");
    if (providerError) throw new SignInError("provider_error", `the provider answered ${providerError.slice(0, 64)}`);

    const pending = await unsealPendingSignIn(config, readPendingCookie(config, request), ctx.now());
    if (!pending) throw new SignInError("sign_in_expired", "the pending sign-in cookie is missing, expired or not ours");
    // RFC 6749 §10.12 (CSRF): the response must carry the state this browser was given.
    const state = params.get("state");
    if (!state || !sameSecret(state, pending.state)) throw new SignInError("state_mismatch", "state is missing or differs");

    const client = await getOAuthClient(config);
    // The callback URL as registered (APP_URL), whatever host the request arrived on behind a proxy.
    const callbackUrl = new URL(`${config.appUrl}${CALLBACK_PATH}?${params.toString()}`);
    // openid-client checks iss, state, PKCE, and the ID token's signature, iss, aud, exp, iat and nonce.
    const tokens = await oidc.authorizationCodeGrant(client, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new SignInError("id_token_invalid", "no ID token in the token response");
    // OIDC Core §5.3.2: the userinfo sub must be the ID token's sub.
    const profile = await oidc.fetchUserInfo(client, tokens.access_token, idToken.sub);
    const email = profile.email ?? (typeof idToken.email === "string" ? idToken.email : undefined);
    if (!email) throw new SignInError("profile_incomplete", "neither userinfo nor the ID token has an email");
    // OIDC Core §5.1: email_verified vouches for the email it comes with; only a verified email can make an admin.
    const emailVerified = (profile.email ? profile.email_verified : idToken.email_verified) === true;

    const now = ctx.now();
    const { identity } = await upsertIdentityAtSignIn(
      ctx.db,
      { whopId: idToken.sub, email, name: profile.name, username: profile.preferred_username, avatarUrl: profile.picture },
      now,
    );
    // With WHOP_API_KEY, memberships whose webhook never arrived count from this sign-in on (never throws).
    await reconcileUserAtSignIn(ctx, identity);
    const sealed = await sealSession(
      config,
      { identityId: identity.id, whopId: identity.whopId, email: identity.email, emailVerified },
      now,
    );
    log.info("signed in", { identityId: identity.id });
    return {
      location: `${config.appUrl}${safeReturnTo(pending.returnTo)}`,
      cookies: [sessionCookieHeader(config, sealed), clearPendingCookieHeader(config)],
    };
  } catch (error) {
    return refused(ctx, error, "callback");
  }
}

const ID_TOKEN_FAILURES = new Set([
  "OAUTH_JWT_CLAIM_COMPARISON_FAILED",
  "OAUTH_JWT_TIMESTAMP_CHECK_FAILED",
  "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED",
  "OAUTH_KEY_SELECTION_FAILED",
  "OAUTH_INVALID_RESPONSE",
  "OAUTH_PARSE_ERROR",
  "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
]);

/** Maps what openid-client throws to the refusal the user sees; the detail goes to the log only. */
function classify(error: unknown): SignInError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof oidc.ResponseBodyError) {
    // RFC 6749 §5.2: invalid_grant covers a reused, expired or foreign code and a wrong verifier.
    if (error.error === "invalid_grant") return new SignInError("code_rejected", `token endpoint: ${error.error}`);
    return new SignInError("provider_error", `token endpoint: ${error.error}`);
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    return new SignInError(error.error === "access_denied" ? "access_denied" : "provider_error", `authorization response: ${error.error}`);
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && ID_TOKEN_FAILURES.has(code)) return new SignInError("id_token_invalid", message);
  if (error instanceof oidc.ClientError) return new SignInError("provider_error", message);
  if (error instanceof TypeError) return new SignInError("provider_unavailable", message);
  if (error instanceof Error && error.name === "AppError") throw error; // database trouble: the 503 path
  return new SignInError("provider_error", message);
}

/** The HTTP response for a sign-in redirect: 303, never cached, with every cookie it sets. */
export function redirectResponse(redirect: SignInRedirect): Response {
  const headers = new Headers({ location: redirect.location, "cache-control": "no-store" });
  for (const cookie of redirect.cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}
