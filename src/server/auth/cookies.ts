// The cookies the app sets: the session cookie and the sign-in-in-progress cookie share one
// serializer (httpOnly, SameSite=Lax, Secure and the `__Host-` prefix over https) and one reader.
// Cookie tossing: a page on a sibling origin can plant a second cookie of the same name on a
// narrower path; a request that carries two cookies of one name is refused, never resolved by
// their order. Over https the `__Host-` prefix stops such a page from setting ours at all.
import type { AppConfig } from "../config";
import { SESSION_TTL_SECONDS } from "./session";

/** The session cookie's base name (over https it carries the `__Host-` prefix). */
export const SESSION_COOKIE = "ai_ssa_session";
export const PENDING_COOKIE = "ai_ssa_oauth";

const overHttps = (config: AppConfig) => config.appUrl.startsWith("https:");

/** The name a cookie goes by for this deployment: `__Host-<name>` over https. */
export function cookieName(config: AppConfig, base: string): string {
  return overHttps(config) ? `__Host-${base}` : base;
}

/** A cookie's value in a Cookie header: absent, one value, or two or more (refused by callers). */
export type CookieRead = { kind: "absent" } | { kind: "one"; value: string } | { kind: "duplicated" };

export function readCookie(header: string | null | undefined, name: string): CookieRead {
  const values: string[] = [];
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      values.push(decodeURIComponent(raw));
    } catch {
      values.push(raw);
    }
  }
  if (values.length === 0) return { kind: "absent" };
  return values.length === 1 ? { kind: "one", value: values[0] as string } : { kind: "duplicated" };
}

/** The session cookie of a Cookie header. */
export function readSessionCookie(config: AppConfig, header: string | null | undefined): CookieRead {
  return readCookie(header, cookieName(config, SESSION_COOKIE));
}

export interface CookieOptions {
  maxAge: number;
  path?: string;
}

/** A Set-Cookie value: httpOnly, SameSite=Lax, and over https Secure (with Path=/ for `__Host-`). */
export function serializeCookie(config: AppConfig, base: string, value: string, options: CookieOptions): string {
  const https = overHttps(config);
  const parts = [
    `${cookieName(config, base)}=${encodeURIComponent(value)}`,
    // `__Host-` cookies must be Path=/ (and host-only, Secure).
    `Path=${https ? "/" : (options.path ?? "/")}`,
    `Max-Age=${options.maxAge}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (options.maxAge <= 0) parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  if (https) parts.push("Secure");
  return parts.join("; ");
}

export function sessionCookieHeader(config: AppConfig, sealed: string): string {
  // Expire the cookie a minute before the seal so the browser never sends a dead one.
  return serializeCookie(config, SESSION_COOKIE, sealed, { maxAge: SESSION_TTL_SECONDS - 60 });
}

export function clearSessionCookieHeader(config: AppConfig): string {
  return serializeCookie(config, SESSION_COOKIE, "", { maxAge: 0 });
}
