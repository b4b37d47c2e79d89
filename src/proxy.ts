// Next 16 proxy (Node runtime): private pages and APIs need a session cookie that unseals.
// The two streaming routes (POST /api/generate and /api/outputs/{id}/messages) are left out of the
// matcher: the proxy's cost sits on the path to the first token (README, Benchmark), and
// those handlers verify the session themselves before reading the body (tests/unit/proxy-matcher
// and the HTTP tests hold both).

import { getConfig } from "@/server/app-config";
import { gateRequest } from "@/server/auth/gate";

export async function proxy(request: Request): Promise<Response | undefined> {
  return (await gateRequest(getConfig(), request, new Date())) ?? undefined;
}

export const config = {
  matcher: [
    "/studio",
    "/studio/:path*",
    "/account",
    "/account/:path*",
    "/admin",
    "/admin/:path*",
    "/api/((?!generate$|outputs/[^/]+/messages$).*)",
  ],
};
