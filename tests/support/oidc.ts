// The local OpenID provider for tests, and a tiny user agent that signs in at it over HTTP
// (cookies, redirects and its email form), the way a browser would.
import { decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from "jose";
import type { CustomFetch } from "openid-client";
import { type LocalIdp, startLocalIdp } from "@/server/local/sign-in-provider";

export const TEST_CLIENT_ID = "ai-ssa-test";

export interface TestIdp extends LocalIdp {
  /** The provider's private signing key, for minting tokens a test wants to be validly signed. */
  signingKey: JWK & { kid: string };
}

/** A local provider on a free port whose one client redirects to `${appUrl}/api/auth/callback`. */
export async function startTestIdp(options: {
  appUrl: string;
  clientId?: string;
  clientSecret?: string;
  unverifiedEmails?: string[];
}): Promise<TestIdp> {
  const signingKey = {
    ...(await exportJWK((await generateKeyPair("ES256", { extractable: true })).privateKey)),
    kid: "test-es256",
  };
  const idp = await startLocalIdp({
    port: 0,
    host: "127.0.0.1",
    appUrl: options.appUrl,
    clientId: options.clientId ?? TEST_CLIENT_ID,
    clientSecret: options.clientSecret,
    unverifiedEmails: options.unverifiedEmails,
    signingKey,
  });
  return { ...idp, signingKey };
}

/** A cookie jar keyed by host, enough for the provider's session and interaction cookies. */
class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();
  store(url: string, response: Response): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(host, jar);
  }
  header(url: string): string {
    const jar = this.cookies.get(new URL(url).host);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join("; ") : "";
  }
}

/**
 * Follows the provider's redirects from an authorization URL, submits its email form (or presses
 * Cancel), and returns the URL the provider finally sends the browser to: the app's callback.
 */
export async function signInAtProvider(authorizationUrl: string, email: string, choice: "login" | "abort" = "login"): Promise<URL> {
  const jar = new CookieJar();
  const origin = new URL(authorizationUrl).origin;
  let url = authorizationUrl;
  let form: URLSearchParams | undefined;
  for (let hop = 0; hop < 12; hop++) {
    const response = await fetch(url, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: { cookie: jar.header(url), ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: form?.toString(),
    });
    jar.store(url, response);
    form = undefined;
    const location = response.headers.get("location");
    if (location) {
      const next = new URL(location, url);
      if (next.origin !== origin) return next;
      url = next.href;
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action) throw new Error(`provider answered ${response.status}: ${html.slice(0, 300)}`);
    const base = new URL(action, url).href;
    url = choice === "login" ? base : base.replace(/\/login$/, "/abort");
    form = new URLSearchParams({ email });
  }
  throw new Error("too many redirects at the provider");
}

/** Signs claims with a key (the provider's own, or a stranger's) as an ES256 ID token. */
export async function signIdToken(key: JWK & { kid: string }, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" }).sign(await importJWK(key, "ES256"));
}

/**
 * A fetch for openid-client that passes everything through but re-signs the ID token in token
 * responses after `change` edits its claims: how a test gets a validly signed token with another
 * nonce or audience without weakening the app's checks.
 */
export function rewritingIdTokens(key: JWK & { kid: string }, change: (claims: JWTPayload) => JWTPayload): CustomFetch {
  return async (url, options) => {
    const response = await fetch(url, options as RequestInit);
    const type = response.headers.get("content-type") ?? "";
    if (!type.includes("json") || !new URL(url).pathname.endsWith("/token")) return response;
    const body = (await response.json()) as Record<string, unknown>;
    if (typeof body.id_token === "string") body.id_token = await signIdToken(key, change(decodeJwt(body.id_token)));
    return new Response(JSON.stringify(body), { status: response.status, headers: { "content-type": "application/json" } });
  };
}

/** A fresh ES256 key nobody trusts. */
export async function strangerKey(): Promise<JWK & { kid: string }> {
  return { ...(await exportJWK((await generateKeyPair("ES256", { extractable: true })).privateKey)), kid: "test-es256" };
}
