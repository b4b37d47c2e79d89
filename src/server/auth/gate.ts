// The fast gate in front of private pages (src/proxy.ts): the session cookie must unseal with a
// current key and be within its lifetime. Pages still load the identity from the database, so a
// cookie of a deleted identity or a signed-out session passes here and is sent to /login there.
import type { AppConfig } from "../config";
import { readSessionCookie } from "./cookies";
import { sessionFromCookie } from "./session";

const PRIVATE_PAGES = ["/studio", "/account", "/admin"];

function under(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** Whether a page needs a signed-in visitor. */
export function isPrivatePage(pathname: string): boolean {
  return PRIVATE_PAGES.some((p) => under(pathname, p));
}

/** A redirect to /login that stops the request, or null to let it through. */
export async function gateRequest(config: AppConfig, request: Request, now: Date): Promise<Response | null> {
  const url = new URL(request.url);
  if (!isPrivatePage(url.pathname)) return null;
  if (await sessionFromCookie(config, readSessionCookie(config, request.headers.get("cookie")), now)) return null;
  const login = new URL("/login", config.appUrl);
  login.searchParams.set("returnTo", `${url.pathname}${url.search}`);
  return new Response(null, { status: 307, headers: { location: login.href, "cache-control": "no-store" } });
}
