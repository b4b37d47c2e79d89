// Which requests run the proxy (src/proxy.ts), checked with Next's own matcher: every page (it gets
// its security headers and nonce there, and private ones the session gate), and no API route, so
// the proxy never buffers an API request's body; every API handler checks the session itself.
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { config } from "@/proxy";

const runsProxy = (path: string) => unstable_doesMiddlewareMatch({ config, url: `http://localhost${path}` });

describe("the proxy's matcher", () => {
  it.each([
    "/",
    "/login",
    "/pricing",
    "/studio",
    "/studio/history",
    "/studio/outputs/0b8e9b64-3c1d-4a51-9a3f-1f0e2d3c4b5a",
    "/account",
    "/admin",
    "/admin/users",
    "/s/a-share-token",
    "/apis",
    "/no-such-page",
  ])("runs for the page %s", (path) => {
    expect(runsProxy(path)).toBe(true);
  });

  it.each([
    "/api",
    "/api/me",
    "/api/history",
    "/api/generate",
    "/api/outputs/0b8e9b64-3c1d-4a51-9a3f-1f0e2d3c4b5a/messages",
    "/api/billing/checkout",
    "/api/webhooks/whop",
    "/_next/static/chunks/main.js",
    "/_next/image",
    "/favicon.ico",
  ])("leaves %s alone", (path) => {
    expect(runsProxy(path)).toBe(false);
  });
});
