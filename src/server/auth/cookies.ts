// The cookies the app sets: the session cookie and the sign-in-in-progress cookie share one
// serializer (httpOnly, SameSite=Lax, Secure over https) and one parser.
import type { AppConfig } from "../config";
import { SESSION_TTL_SECONDS } from "./session";

export const SESSION_COOKIE = "ai_ssa_session";

export function parseCookies(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

export function readSessionCookie(request: Request): string | undefined {
  return parseCookies(request.headers.get("cookie"))[SESSION_COOKIE];
}

export interface CookieOptions {
  maxAge: number;
  path?: string;
}

/** A Set-Cookie value: httpOnly, SameSite=Lax, Secure when the app is served over https. */
export function serializeCookie(config: AppConfig, name: string, value: string, options: CookieOptions): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? "/"}`,
    `Max-Age=${options.maxAge}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (options.maxAge <= 0) parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  if (config.appUrl.startsWith("https:")) parts.push("Secure");
  return parts.join("; ");
}

export function sessionCookieHeader(config: AppConfig, sealed: string): string {
  // Expire the cookie a minute before the seal so the browser never sends a dead one.
  return serializeCookie(config, SESSION_COOKIE, sealed, { maxAge: SESSION_TTL_SECONDS - 60 });
}

export function clearSessionCookieHeader(config: AppConfig): string {
  return serializeCookie(config, SESSION_COOKIE, "", { maxAge: 0 });
}
