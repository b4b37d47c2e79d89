// The request rules every API route keeps: state-changing requests only from the app's own origin
// (403 forbidden:origin), JSON bodies only as application/json (415), request ids echoed only when
// they are plain tokens, security headers on every answer, and sign-out that ends the session on
// the server (a copied cookie stops working; "sign out everywhere" ends every session).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as logout } from "@/app/api/auth/logout/route";
import { POST as checkout } from "@/app/api/billing/checkout/route";
import { POST as simulate } from "@/app/api/billing/simulate/route";
import { POST as generate } from "@/app/api/generate/route";
import { GET as me } from "@/app/api/me/route";
import { POST as followUp, GET as threadGet } from "@/app/api/outputs/[id]/messages/route";
import { isAdmin } from "@/server/auth/admin";
import { sealSession } from "@/server/auth/session";
import { setAppContext } from "@/server/context";
import type { ProviderServer } from "../../devkit/providers/server";
import { startProviderServer } from "../../devkit/providers/server";
import { installTestContext, PRODUCTION_ENV, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { BASE, installGenerationContext, providerConfig, signIn } from "../support/generation";

let t: TestDatabase;
let provider: ProviderServer;
beforeAll(async () => {
  t = await createTestDatabase();
  provider = await startProviderServer();
});
afterAll(async () => {
  await provider.close();
  await t.drop();
});
afterEach(() => {
  setAppContext(undefined);
  vi.restoreAllMocks();
});

const OUTPUT = "0b1f6c1e-8a4b-4a4e-9d0e-2f8c7d6a5b4c";
const params = { params: Promise.resolve({ id: OUTPUT }) };
const request = (path: string, init: RequestInit = {}) => new Request(`${BASE}${path}`, init);

describe("CSRF: state-changing routes answer only the app's own origin", () => {
  const foreign: Array<[string, Record<string, string>]> = [
    ["another origin", { origin: "https://evil.example" }],
    ["a sibling port", { origin: "http://localhost:3001" }],
    ["Origin null (a sandboxed frame)", { origin: "null" }],
    ["no Origin but Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }],
    ["no Origin but Sec-Fetch-Site same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
  ];
  const routes: Array<[string, (headers: Record<string, string>, cookie: string) => Promise<Response>]> = [
    [
      "POST /api/generate (a text/plain form)",
      (headers, cookie) =>
        generate(
          request("/api/generate", { method: "POST", headers: { ...headers, cookie, "content-type": "text/plain" }, body: '{"a":1}' }),
        ),
    ],
    [
      "POST /api/outputs/{id}/messages",
      (headers, cookie) =>
        followUp(
          request(`/api/outputs/${OUTPUT}/messages`, {
            method: "POST",
            headers: { ...headers, cookie, "content-type": "text/plain" },
            body: "{}",
          }),
          params,
        ),
    ],
    [
      "POST /api/billing/checkout",
      (headers, cookie) => checkout(request("/api/billing/checkout", { method: "POST", headers: { ...headers, cookie } })),
    ],
    [
      "POST /api/billing/simulate",
      (headers, cookie) =>
        simulate(
          request("/api/billing/simulate", {
            method: "POST",
            headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
            body: "event=membership.activated",
          }),
        ),
    ],
    [
      "POST /api/auth/logout",
      (headers, cookie) => logout(request("/api/auth/logout", { method: "POST", headers: { ...headers, cookie } })),
    ],
  ];

  for (const [route, send] of routes) {
    it.each(foreign)(`${route} from %s is 403 forbidden:origin and changes nothing`, async (_what, headers) => {
      const config = providerConfig(provider.url, { WHOP_WEBHOOK_SECRET: "" });
      installGenerationContext(t, config);
      const user = await signIn(t.db, config);
      const response = await send(headers, user.cookie);
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe("forbidden:origin");
      // The session still works: sign-out did not happen either.
      expect((await me(request("/api/me", { headers: { cookie: user.cookie } }))).status).toBe(200);
      expect(provider.requests).toHaveLength(0);
    });
  }

  it("a JSON route refuses another content type with 415, even from the app's own origin", async () => {
    const config = providerConfig(provider.url);
    installGenerationContext(t, config);
    const user = await signIn(t.db, config);
    const body = JSON.stringify({ blueprintSlug: "blog-post-outline", userInput: "Brief", model: "gpt" });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const response = await generate(
        request("/api/generate", { method: "POST", headers: { cookie: user.cookie, origin: BASE, "content-type": type }, body }),
      );
      expect(response.status).toBe(415);
      expect((await response.json()).error.code).toBe("unsupported_media_type:body");
    }
    expect(provider.requests).toHaveLength(0);
  });
});

describe("request ids and headers", () => {
  it("echoes a plain request id and replaces anything else with its own", async () => {
    installTestContext(t);
    const plain = await me(request("/api/me", { headers: { "x-request-id": "abc_DEF-123" } }));
    expect(plain.headers.get("x-request-id")).toBe("abc_DEF-123");
    for (const forged of ["a b", "x".repeat(65), "id\u0000", '"><script>', "ü"]) {
      const response = await me(request("/api/me", { headers: { "x-request-id": encodeURI(forged) === forged ? forged : "a%20b" } }));
      const echoed = response.headers.get("x-request-id") ?? "";
      expect(echoed).not.toBe(forged);
      expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("every API answer carries the security headers; HSTS only over https", async () => {
    installTestContext(t);
    const response = await me(request("/api/me"));
    expect(response.status).toBe(401);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
    expect(response.headers.get("strict-transport-security")).toBeNull();
    installTestContext(t, testConfig(PRODUCTION_ENV));
    const https = await me(request("/api/me"));
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("a crafted thread cursor is a 400, never a failed query", async () => {
    const config = providerConfig(provider.url);
    installGenerationContext(t, config);
    const user = await signIn(t.db, config);
    const cursor = Buffer.from("1 2|1").toString("base64url");
    const response = await threadGet(
      request(`/api/outputs/${OUTPUT}/messages?cursor=${cursor}`, { headers: { cookie: user.cookie } }),
      params,
    );
    expect(response.status).toBe(400);
  });
});

describe("sign-out ends the session on the server", () => {
  it("a copied cookie stops working once its session signs out; other sessions of the identity go on", async () => {
    const config = testConfig();
    installTestContext(t, config);
    const user = await signIn(t.db, config);
    const otherDevice = `ai_ssa_session=${encodeURIComponent(
      await sealSession(config, { identityId: user.identity.id, whopId: user.identity.whopId, email: user.identity.email }, new Date()),
    )}`;
    const out = await logout(request("/api/auth/logout", { method: "POST", headers: { cookie: user.cookie, origin: BASE } }));
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    const replayed = await me(request("/api/me", { headers: { cookie: user.cookie } }));
    expect(replayed.status).toBe(401);
    expect((await me(request("/api/me", { headers: { cookie: otherDevice } }))).status).toBe(200);
  });

  it("sign out everywhere ends every session sealed until then; a new sign-in works", async () => {
    const config = testConfig();
    installTestContext(t, config);
    const user = await signIn(t.db, config);
    const seal = () =>
      sealSession(config, { identityId: user.identity.id, whopId: user.identity.whopId, email: user.identity.email }, new Date());
    const laptop = `ai_ssa_session=${encodeURIComponent(await seal())}`;
    const out = await logout(
      request("/api/auth/logout?scope=everywhere", { method: "POST", headers: { cookie: user.cookie, origin: BASE, accept: "text/html" } }),
    );
    expect(out.status).toBe(303);
    for (const cookie of [user.cookie, laptop]) expect((await me(request("/api/me", { headers: { cookie } }))).status).toBe(401);
    await new Promise((r) => setTimeout(r, 1100)); // the next whole second: sessions sealed from now on are live
    const fresh = `ai_ssa_session=${encodeURIComponent(await seal())}`;
    expect((await me(request("/api/me", { headers: { cookie: fresh } }))).status).toBe(200);
  });
});

describe("who counts as an admin", () => {
  const config = testConfig({ ADMIN_EMAILS: " Boss@Example.com , kate@example.com" });
  it("a listed email the provider verified, compared after trimming and ASCII lower-casing", () => {
    expect(isAdmin(config, { email: "boss@example.com" }, { emailVerified: true })).toBe(true);
    expect(isAdmin(config, { email: " BOSS@EXAMPLE.COM " }, { emailVerified: true })).toBe(true);
  });
  it("never on an unverified email", () => {
    expect(isAdmin(config, { email: "boss@example.com" }, { emailVerified: false })).toBe(false);
  });
  it("never by Unicode case folding: the Kelvin sign is not a k", () => {
    expect("\u212Aate@example.com".toLowerCase()).toBe("kate@example.com");
    expect(isAdmin(config, { email: "\u212Aate@example.com" }, { emailVerified: true })).toBe(false);
  });
});
