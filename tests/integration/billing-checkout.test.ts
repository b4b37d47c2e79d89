// The upgrade path: a signed-in FREE user is sent to Whop checkout for the PRO plan; nothing but a
// verified event grants PRO. In local mode, the account page's simulation and `npm run
// whop:trigger` deliver signed events through the real webhook handler.
import { type ExecFileException, execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as checkoutPost } from "@/app/api/billing/checkout/route";
import { POST as simulatePost } from "@/app/api/billing/simulate/route";
import { POST as webhookPost } from "@/app/api/webhooks/whop/route";
import { effectiveTier } from "@/server/access/tiers";
import { SESSION_COOKIE } from "@/server/auth/cookies";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { sealSession } from "@/server/auth/session";
import type { AppConfig } from "@/server/config";
import { type AppContext, setAppContext } from "@/server/context";
import { accessGrant, webhookEvent } from "@/server/db/schema";
import { localMembershipId } from "@/server/local/purchase-simulation";
import { localSubject } from "@/server/local/sign-in-accounts";
import { installTestContext, PRODUCTION_ENV, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { type FakeWhopApi, membershipObject, signWithReferenceLibrary, startWhopApi, whopEvent } from "../support/whop-api";

const SECRET = "ws_test_webhook_secret_0123456789";
const API_KEY = "apik_checkout_test_key";
const PRO_PLAN = "plan_pro_monthly";
/** Local mode's billing: no webhook secret, PRO plan or API key configured (the stand-ins run). */
const LOCAL_BILLING = { WHOP_WEBHOOK_SECRET: "" };

let t: TestDatabase;
let api: FakeWhopApi;
let ctx: AppContext;
beforeAll(async () => {
  t = await createTestDatabase();
  api = await startWhopApi({ apiKey: API_KEY, companyId: "biz_test" });
});
afterAll(async () => {
  await api.close();
  await t.drop();
});
afterEach(() => setAppContext(undefined));

const uid = () => randomBytes(5).toString("hex");

function install(env: Record<string, string> = {}): AppConfig {
  ctx = installTestContext(t, testConfig({ WHOP_WEBHOOK_SECRET: SECRET, ...env }));
  return ctx.config;
}

async function signedIn(whopId = `user_${uid()}`) {
  const { identity } = await upsertIdentityAtSignIn(ctx.db, { whopId, email: `${whopId}@example.com` }, new Date());
  const sealed = await sealSession(ctx.config, { identityId: identity.id, whopId, email: identity.email }, new Date());
  return { identity, cookie: `${SESSION_COOKIE}=${encodeURIComponent(sealed)}` };
}

const request = (path: string, init: RequestInit & { cookie?: string } = {}) =>
  new Request(`http://localhost:3000${path}`, {
    ...init,
    headers: { ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.headers ?? {}) },
  });

describe("the upgrade link", () => {
  it("with WHOP_API_KEY, is a checkout configuration for the first PRO plan carrying the identity in its metadata", async () => {
    install({ WHOP_API_KEY: API_KEY, WHOP_API_BASE_URL: api.baseUrl, WHOP_PRO_PLAN_IDS: `${PRO_PLAN},plan_pro_yearly` });
    const { identity, cookie } = await signedIn();
    const res = await checkoutPost(request("/api/billing/checkout", { method: "POST", cookie }));
    expect(res.status).toBe(200);
    const link = await res.json();
    expect(link).toMatchObject({ kind: "checkout_configuration", planId: PRO_PLAN });
    expect(link.url).toMatch(new RegExp(`^https://whop.com/checkout/${PRO_PLAN}\\?session=ch_`));
    const created = api.requests.find((r) => r.path === "/checkout_configurations");
    expect(created?.body).toMatchObject({ plan_id: PRO_PLAN, metadata: { identityId: identity.id, whopUserId: identity.whopId } });
    // Going to checkout (and coming back) gives nothing: only a verified event does.
    expect((await effectiveTier(t.db, identity.id)).name).toBe("FREE");
  });

  it("without WHOP_API_KEY, is the plan's checkout page; the upgrade button's form post is sent there", async () => {
    install({ WHOP_PRO_PLAN_IDS: PRO_PLAN });
    const { cookie } = await signedIn();
    const form = { method: "POST", cookie, headers: { accept: "text/html", origin: "http://localhost:3000" } };
    const res = await checkoutPost(request("/api/billing/checkout", form));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`https://whop.com/checkout/${PRO_PLAN}`);
  });

  it("is never started by a GET or from another site", async () => {
    install({ WHOP_PRO_PLAN_IDS: PRO_PLAN, WHOP_API_KEY: API_KEY, WHOP_API_BASE_URL: api.baseUrl });
    const { cookie } = await signedIn();
    const before = api.requests.length;
    const crossSite = await checkoutPost(
      request("/api/billing/checkout", { method: "POST", cookie, headers: { origin: "https://evil.example" } }),
    );
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.code).toBe("forbidden:origin");
    expect(await import("@/app/api/billing/checkout/route")).not.toHaveProperty("GET");
    expect(api.requests.length).toBe(before);
  });

  it("in local mode with no Whop billing configured, points at the account page's simulation", async () => {
    install(LOCAL_BILLING);
    const { cookie } = await signedIn();
    const link = await (await checkoutPost(request("/api/billing/checkout", { method: "POST", cookie }))).json();
    expect(link).toMatchObject({ kind: "local_simulation", url: "http://localhost:3000/account#simulate" });
  });

  it("is refused with 503 when only PRO products are configured (checkout needs a plan)", async () => {
    install({ WHOP_PRO_PRODUCT_IDS: "prod_pro" });
    const { cookie } = await signedIn();
    const res = await checkoutPost(request("/api/billing/checkout", { method: "POST", cookie }));
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toMatch(/no PRO plan is configured/);
  });

  it("is refused with 409 for a user who already has PRO, and 401 without a session", async () => {
    install({ WHOP_PRO_PLAN_IDS: PRO_PLAN });
    const { identity, cookie } = await signedIn();
    const body = whopEvent(
      "membership.activated",
      membershipObject({
        id: `mem_${uid()}`,
        userId: identity.whopId,
        planId: PRO_PLAN,
        productId: "prod_x",
        status: "active",
        updatedAt: new Date(),
      }),
    );
    await webhookPost(request("/api/webhooks/whop", { method: "POST", headers: signWithReferenceLibrary(SECRET, body).headers, body }));
    expect((await checkoutPost(request("/api/billing/checkout", { method: "POST", cookie }))).status).toBe(409);
    expect((await checkoutPost(request("/api/billing/checkout", { method: "POST" }))).status).toBe(401);
  });
});

describe("POST /api/billing/simulate (local mode)", () => {
  const simulate = (cookie: string | undefined, event: string, json = true) =>
    simulatePost(
      request("/api/billing/simulate", {
        method: "POST",
        cookie,
        headers: { "content-type": json ? "application/json" : "application/x-www-form-urlencoded" },
        body: json ? JSON.stringify({ event }) : new URLSearchParams({ event }).toString(),
      }),
    );

  it("unlocks PRO and takes it back through the signed webhook path", async () => {
    install(LOCAL_BILLING);
    const { identity, cookie } = await signedIn();
    const on = await simulate(cookie, "membership.activated");
    expect(on.status).toBe(200);
    expect(await on.json()).toMatchObject({ simulated: "membership.activated", outcome: "applied: none -> ACTIVE" });
    expect((await effectiveTier(t.db, identity.id)).name).toBe("PRO");
    const events = await t.db.select().from(webhookEvent).where(eq(webhookEvent.type, "membership.activated"));
    expect(events.some((e) => JSON.stringify(e.payload).includes(identity.whopId))).toBe(true);

    // The account page posts a plain form and is sent back to /account.
    const off = await simulate(cookie, "membership.deactivated", false);
    expect(off.status).toBe(303);
    expect(off.headers.get("location")).toBe("/account?simulated=1");
    expect((await effectiveTier(t.db, identity.id)).name).toBe("FREE");
  });

  it("needs a session (401) and a known event (400)", async () => {
    install(LOCAL_BILLING);
    expect((await simulate(undefined, "membership.activated")).status).toBe(401);
    const { cookie } = await signedIn();
    expect((await simulate(cookie, "payment.succeeded")).status).toBe(400);
  });

  it.each([
    ["a webhook secret", { WHOP_WEBHOOK_SECRET: SECRET }],
    ["a PRO plan", { ...LOCAL_BILLING, WHOP_PRO_PLAN_IDS: PRO_PLAN }],
    ["a Whop API key", { ...LOCAL_BILLING, WHOP_API_KEY: API_KEY }],
  ])("does not exist on a loopback APP_URL once Whop billing is configured (%s)", async (_what, env) => {
    install(env);
    const { identity, cookie } = await signedIn();
    expect((await simulate(cookie, "membership.activated")).status).toBe(404);
    expect((await effectiveTier(t.db, identity.id)).name).toBe("FREE");
  });

  it("does not exist in production (404), signed in or not", async () => {
    install(PRODUCTION_ENV);
    const { identity, cookie } = await signedIn();
    expect((await simulate(cookie, "membership.activated")).status).toBe(404);
    expect((await simulate(undefined, "membership.activated")).status).toBe(404);
    expect((await effectiveTier(t.db, identity.id)).name).toBe("FREE");
  });
});

describe("npm run whop:trigger", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // Stands in for the running app: hands each request to the real webhook route handler.
    server = createServer(async (req, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const response = await webhookPost(new Request(`http://localhost:3000${req.url}`, { method: "POST", headers, body }));
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/whop`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function trigger(...args: string[]): Promise<{ code: number | null; out: string }> {
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: "test",
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      WHOP_WEBHOOK_SECRET: SECRET,
      DATA_DIR: "/tmp/ai-ssa-trigger-test",
    };
    return new Promise((resolve) => {
      const script = ["--import", "tsx", "scripts/whop-trigger.ts", ...args, "--url", url];
      const done = (error: ExecFileException | null, stdout: string, stderr: string) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` });
      execFile(process.execPath, script, { env, encoding: "utf8" }, done);
    });
  }

  it("signs a membership event for the signed-in email and the app turns PRO on and off", async () => {
    install();
    const email = `newcomer.${uid()}@example.com`;
    const { identity } = await signedIn(localSubject(email));
    const on = await trigger("membership.activated", "--email", email);
    expect(on.out).toMatch(/→ 200 .*applied: none -> ACTIVE/);
    expect(on.code).toBe(0);
    expect((await effectiveTier(t.db, identity.id)).name).toBe("PRO");

    const off = await trigger("membership.deactivated", "--email", email);
    expect(off.code).toBe(0);
    expect((await effectiveTier(t.db, identity.id)).name).toBe("FREE");
    const [grant] = await t.db
      .select()
      .from(accessGrant)
      .where(eq(accessGrant.whopMembershipId, localMembershipId(identity.whopId)));
    expect(grant?.status).toBe("EXPIRED");
  }, 60_000);

  it("explains its usage when the event or the user is missing", async () => {
    const res = await trigger("membership.exploded", "--email", "a@b.c");
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/Usage: npm run whop:trigger/);
  }, 60_000);
});
