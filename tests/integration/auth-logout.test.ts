// Sign-out clears the session, and only this site's own pages can trigger it (no logout CSRF).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as logout } from "@/app/api/auth/logout/route";
import { SESSION_COOKIE } from "@/server/auth/cookies";
import { setAppContext } from "@/server/context";
import { clearsCookie } from "../support/auth-http";
import { installTestContext, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";

const APP = "http://localhost:3000";
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  installTestContext(t, testConfig({ APP_URL: APP }));
});
afterAll(async () => {
  await t.drop();
});
afterEach(() => installTestContext(t, testConfig({ APP_URL: APP })));
afterAll(() => setAppContext(undefined));

const post = (headers: Record<string, string>) =>
  logout(new Request(`${APP}/api/auth/logout`, { method: "POST", headers: { cookie: `${SESSION_COOKIE}=sealed`, ...headers } }));

describe("POST /api/auth/logout", () => {
  it("a form post from the app clears the session cookie and goes home", async () => {
    const response = await post({ origin: APP, accept: "text/html,application/xhtml+xml", "sec-fetch-site": "same-origin" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${APP}/`);
    expect(clearsCookie(response, SESSION_COOKIE)).toBe(true);
  });

  it("a fetch from the app gets JSON and the cookie is cleared", async () => {
    const response = await post({ origin: APP, accept: "application/json" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ signedOut: true });
    expect(clearsCookie(response, SESSION_COOKIE)).toBe(true);
  });

  it.each([
    ["another Origin", { origin: "https://evil.example" }],
    ["a look-alike Origin on another port", { origin: "http://localhost:3001" }],
    ["Origin null", { origin: "null" }],
    ["no Origin but Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }],
    ["no Origin but a foreign Referer", { referer: "https://evil.example/page" }],
  ])("refuses %s with 403 JSON and leaves the cookie alone", async (_name, headers) => {
    const response = await post(headers);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "forbidden:origin", message: expect.any(String) } });
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("accepts a same-origin request identified only by its Referer", async () => {
    const response = await post({ referer: `${APP}/studio` });
    expect(response.status).toBe(200);
    expect(clearsCookie(response, SESSION_COOKIE)).toBe(true);
  });
});
