// The fast gate in front of private pages and APIs (src/proxy.ts): the session cookie must unseal
// with a current key and be within its lifetime. Handlers still load the identity from the
// database, so a cookie of a deleted identity passes here and gets 401 there.
import type { AppConfig } from "../config";
import { AppError } from "../errors";
import { errorResponse } from "../http";
import { readSessionCookie } from "./cookies";
import { unsealSession } from "./session";

const PRIVATE_PAGES = ["/studio", "/account", "/admin"];
/** API prefixes reachable without a session: sign-in itself, probes, signed webhooks, bearer cron, the public catalog. */
const PUBLIC_APIS = ["/api/auth", "/api/health", "/api/webhooks", "/api/cron", "/api/blueprints"];

function under(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export type Guard = "page" | "api" | null;

/** Which kind of protection a path needs, or null when it is public. */
export function guardFor(pathname: string): Guard {
  if (PRIVATE_PAGES.some((p) => under(pathname, p))) return "page";
  if (under(pathname, "/api")) return PUBLIC_APIS.some((p) => under(pathname, p)) ? null : "api";
  return null;
}

/** A response that stops the request (redirect to /login or 401), or null to let it through. */
export async function gateRequest(config: AppConfig, request: Request, now: Date): Promise<Response | null> {
  const url = new URL(request.url);
  const guard = guardFor(url.pathname);
  if (!guard) return null;
  if (await unsealSession(config, readSessionCookie(request), now)) return null;
  if (guard === "api") return errorResponse(new AppError("unauthorized:session", "Please sign in to continue."));
  const login = new URL("/login", config.appUrl);
  login.searchParams.set("returnTo", `${url.pathname}${url.search}`);
  return new Response(null, { status: 307, headers: { location: login.href, "cache-control": "no-store" } });
}
