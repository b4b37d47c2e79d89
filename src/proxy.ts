// Next 16 proxy (Node runtime), run for pages only: it refuses a path that does not decode (400),
// sends private pages (/studio, /account, /admin) to /login without a session cookie that unseals,
// and gives every page its security headers with a fresh script nonce (page-security.ts).
// API routes are left out of the matcher: the proxy would buffer their request bodies, and every
// API handler checks the session itself before it reads a body (src/server/route.ts).
import { randomBytes } from "node:crypto";
import { NextResponse } from "next/server";
import { getConfig } from "@/server/app-config";
import { gateRequest } from "@/server/auth/gate";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http";
import { pageSecurityHeaders } from "@/server/page-security";

export async function proxy(request: Request): Promise<Response> {
  const config = getConfig();
  const { pathname } = new URL(request.url);
  try {
    decodeURIComponent(pathname);
  } catch {
    return errorResponse(new AppError("bad_request:path", "This address is not valid."));
  }
  const nonce = randomBytes(16).toString("base64");
  const security = pageSecurityHeaders(config, nonce);
  const stop = await gateRequest(config, request, new Date());
  if (stop) {
    for (const [name, value] of Object.entries(security)) stop.headers.set(name, value);
    return stop;
  }
  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", security["content-security-policy"] as string);
  headers.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers } });
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
  // A shared draft's address is its secret: no Referer may carry it anywhere.
  if (pathname.startsWith("/s/")) response.headers.set("referrer-policy", "no-referrer");
  return response;
}

export const config = {
  matcher: ["/((?!api/|api$|_next/static/|_next/image|favicon\\.ico$|icon|apple-icon).*)"],
};
