// Next 16 proxy (Node runtime): private pages and APIs need a session cookie that unseals.
import { gateRequest } from "@/server/auth/gate";
import { getConfig } from "@/server/config";

export async function proxy(request: Request): Promise<Response | undefined> {
  return (await gateRequest(getConfig(), request, new Date())) ?? undefined;
}

export const config = {
  matcher: ["/studio", "/studio/:path*", "/account", "/account/:path*", "/admin", "/admin/:path*", "/api/:path*"],
};
