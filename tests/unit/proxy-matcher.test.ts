// Which requests run the proxy's session gate (src/proxy.ts), checked with Next's own matcher.
// Every private page and API runs it, except the two streaming routes, whose handlers verify the
// session before anything else (tests/integration/auth-app.test.ts asks them over HTTP).
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { config } from "@/proxy";

const runsProxy = (path: string) => unstable_doesMiddlewareMatch({ config, url: `http://localhost${path}` });

describe("the proxy's matcher", () => {
  it.each([
    "/studio",
    "/studio/history",
    "/studio/outputs/0b8e9b64-3c1d-4a51-9a3f-1f0e2d3c4b5a",
    "/account",
    "/admin",
    "/api/me",
    "/api/history",
    "/api/billing/checkout",
    "/api/billing/simulate",
    "/api/generatex",
    "/api/generate/extra",
    "/api/outputs/abc",
    "/api/outputs/abc/messages/more",
    "/api/outputs/abc/other",
  ])("gates %s", (path) => {
    expect(runsProxy(path)).toBe(true);
  });

  it.each(["/api/generate", "/api/outputs/0b8e9b64-3c1d-4a51-9a3f-1f0e2d3c4b5a/messages"])(
    "leaves the streaming route %s to its handler's own session check",
    (path) => {
      expect(runsProxy(path)).toBe(false);
    },
  );

  it.each(["/", "/login", "/pricing"])("leaves the public page %s alone", (path) => {
    expect(runsProxy(path)).toBe(false);
  });
});
