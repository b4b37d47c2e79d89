// The session cookie: only a cookie that unseals with a current key, within its lifetime, for an
// identity that still exists, opens private pages and APIs. Keys rotate without signing anyone out.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/me/route";
import { SESSION_COOKIE } from "@/server/auth/cookies";
import { gateRequest, isPrivatePage } from "@/server/auth/gate";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { type SessionData, sealSession, unsealSession } from "@/server/auth/session";
import type { AppConfig } from "@/server/config";
import { setAppContext } from "@/server/context";
import { appIdentity } from "@/server/db/schema";
import { get } from "../support/auth-http";
import { installTestContext, PRODUCTION_ENV, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";

const APP = "http://localhost:3000";
const SECRET_1 = "first-session-secret-0123456789-abcdefgh";
const SECRET_2 = "second-session-secret-0123456789-abcdefg";
const configWith = (secrets: Record<string, string>) => testConfig({ APP_URL: APP, SESSION_SECRETS: JSON.stringify(secrets) });
const v1 = configWith({ 1: SECRET_1 });
const v1and2 = configWith({ 1: SECRET_1, 2: SECRET_2 });
const v2 = configWith({ 2: SECRET_2 });

let t: TestDatabase;
let who: Omit<SessionData, "issuedAt" | "sessionId">;

beforeAll(async () => {
  t = await createTestDatabase();
  const { identity } = await upsertIdentityAtSignIn(t.db, { whopId: "user_session01", email: "session@example.com" }, new Date());
  who = { identityId: identity.id, whopId: identity.whopId, email: identity.email, emailVerified: true };
});
afterAll(async () => {
  await t.drop();
});
afterEach(() => setAppContext(undefined));

const cookie = (sealed: string) => `${SESSION_COOKIE}=${encodeURIComponent(sealed)}`;

/**
 * Asks as a browser with this cookie: a private page through the proxy's gate (307 to /login when
 * refused) and GET /api/me through its handler (APIs check the session themselves).
 */
async function ask(config: AppConfig, sealed: string | undefined): Promise<{ gate: number; api: number }> {
  installTestContext(t, config);
  const header = sealed === undefined ? undefined : cookie(sealed);
  const gate = await gateRequest(config, get(`${APP}/studio`, header), new Date());
  const api = await me(get(`${APP}/api/me`, header));
  return { gate: gate?.status ?? 200, api: api.status };
}

describe("a session cookie opens private routes only while it is genuine and current", () => {
  it("a freshly sealed cookie is accepted by the gate and by the handler", async () => {
    expect(await ask(v1, await sealSession(v1, who, new Date()))).toEqual({ gate: 200, api: 200 });
  });

  it.each([
    ["missing", async () => undefined],
    ["tampered", async () => flipOneCharacter(await sealSession(v1, who, new Date()))],
    ["truncated", async () => (await sealSession(v1, who, new Date())).slice(0, -12)],
    [
      "sealed with a foreign secret",
      async () => sealSession(configWith({ 1: "somebody-elses-secret-0123456789-abcdef" }), who, new Date()),
    ],
    ["expired (sealed 8 days ago)", async () => sealSession(v1, who, new Date(Date.now() - 8 * 24 * 3600 * 1000))],
    ["a bare cookie that merely exists", async () => "1"],
  ])("a %s cookie is sent to /login by the gate and gets 401 from the handler", async (_name, make) => {
    const sealed = await make();
    expect(await ask(v1, sealed)).toEqual({ gate: 307, api: 401 });
  });

  it("the 401 is the JSON error shape, and pages redirect to /login with the way back", async () => {
    installTestContext(t, v1);
    const api = await me(get(`${APP}/api/me`));
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: { code: "unauthorized:session", message: expect.any(String) } });
    const page = await gateRequest(v1, get(`${APP}/studio/outputs/42?tab=thread`), new Date());
    expect(page?.status).toBe(307);
    expect(page?.headers.get("location")).toBe(`${APP}/login?returnTo=%2Fstudio%2Foutputs%2F42%3Ftab%3Dthread`);
  });

  it("a genuine cookie of a deleted identity passes the gate but the handler answers 401", async () => {
    const { identity } = await upsertIdentityAtSignIn(t.db, { whopId: "user_gone01", email: "gone@example.com" }, new Date());
    const sealed = await sealSession(v1, { identityId: identity.id, whopId: identity.whopId, email: identity.email }, new Date());
    await t.db.delete(appIdentity).where(eq(appIdentity.id, identity.id));
    expect(await ask(v1, sealed)).toEqual({ gate: 200, api: 401 });
  });
});

describe("SESSION_SECRETS rotation", () => {
  it("a cookie sealed under secret 1 still works after secret 2 is added, and new cookies are sealed under 2", async () => {
    const old = await sealSession(v1, who, new Date());
    expect(await ask(v1and2, old)).toEqual({ gate: 200, api: 200 });
    const fresh = await sealSession(v1and2, who, new Date());
    expect(await unsealSession(v2, fresh, new Date())).toMatchObject(who);
    expect(await unsealSession(v1, fresh, new Date())).toBeNull();
  });

  it("once secret 1 is removed, cookies sealed under it get 401", async () => {
    const old = await sealSession(v1, who, new Date());
    expect(await ask(v2, old)).toEqual({ gate: 307, api: 401 });
    expect(await ask(v2, await sealSession(v1and2, who, new Date()))).toEqual({ gate: 200, api: 200 });
  });

  it("a cookie accepted before (the process remembers verified seals) is still refused after its key is removed or its lifetime", async () => {
    const sealed = await sealSession(v1, who, new Date());
    expect(await ask(v1, sealed)).toEqual({ gate: 200, api: 200 });
    expect(await ask(v2, sealed)).toEqual({ gate: 307, api: 401 });
    expect(await unsealSession(v1, flipOneCharacter(sealed), new Date())).toBeNull();
    const eightDaysOn = new Date(Date.now() + 8 * 24 * 60 * 60 * 1000);
    expect(await unsealSession(v1, sealed, eightDaysOn)).toBeNull();
    expect(await unsealSession(v1, sealed, new Date())).toMatchObject(who);
  });
});

describe("which pages the gate protects (APIs check the session in their handlers)", () => {
  it.each([
    ["/studio", true],
    ["/studio/history", true],
    ["/account", true],
    ["/admin/users", true],
    ["/", false],
    ["/login", false],
    ["/pricing", false],
    ["/studios", false],
    ["/s/some-share-token", false],
  ])("%s → %s", (path, isPrivate) => {
    expect(isPrivatePage(path)).toBe(isPrivate);
  });
});

describe("cookie tossing: two session cookies are refused, never resolved by their order", () => {
  it("a planted cookie beside the victim's own gets 401 from the API and /login from the gate, whichever comes first", async () => {
    const victim = await sealSession(v1, who, new Date());
    const { identity } = await upsertIdentityAtSignIn(t.db, { whopId: "user_attacker1", email: "attacker@example.com" }, new Date());
    const planted = await sealSession(v1, { identityId: identity.id, whopId: identity.whopId, email: identity.email }, new Date());
    installTestContext(t, v1);
    for (const both of [`${cookie(planted)}; ${cookie(victim)}`, `${cookie(victim)}; ${cookie(planted)}`]) {
      expect((await me(get(`${APP}/api/me`, both))).status).toBe(401);
      expect((await gateRequest(v1, get(`${APP}/studio`, both), new Date()))?.status).toBe(307);
    }
    expect((await me(get(`${APP}/api/me`, cookie(victim)))).status).toBe(200);
  });

  it("over https the cookies carry the __Host- prefix (Secure, Path=/), which no sibling origin can set", async () => {
    const https = testConfig(PRODUCTION_ENV);
    const { sessionCookieHeader } = await import("@/server/auth/cookies");
    const { pendingCookieHeader } = await import("@/server/auth/pending-sign-in");
    expect(sessionCookieHeader(https, "v")).toMatch(/^__Host-ai_ssa_session=v; Path=\/; .*HttpOnly; SameSite=Lax; Secure$/);
    expect(pendingCookieHeader(https, "v")).toMatch(/^__Host-ai_ssa_oauth=v; Path=\/; .*Secure$/);
    expect(sessionCookieHeader(v1, "v")).toMatch(/^ai_ssa_session=v; Path=\/;/);
  });
});

function flipOneCharacter(sealed: string): string {
  const i = Math.floor(sealed.length / 2);
  const c = sealed[i] === "A" ? "B" : "A";
  return sealed.slice(0, i) + c + sealed.slice(i + 1);
}
