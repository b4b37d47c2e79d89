// At sign-in, with WHOP_API_KEY set, the user's own Whop memberships are reconciled: a purchase
// whose webhook never arrived gives PRO from that sign-in on, and a Whop outage never blocks it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as callback } from "@/app/api/auth/callback/route";
import { GET as login } from "@/app/api/auth/login/route";
import { effectiveTier } from "@/server/access/tiers";
import { findIdentity } from "@/server/auth/identity";
import { setOAuthClient } from "@/server/auth/oauth-client";
import { unsealSession } from "@/server/auth/session";
import { type AppContext, setAppContext } from "@/server/context";
import { localSubject } from "@/server/local/sign-in-accounts";
import { get, pendingPair, sessionPair } from "../support/auth-http";
import { installTestContext, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { signInAtProvider, startTestIdp, TEST_CLIENT_ID, type TestIdp } from "../support/oidc";
import { type FakeWhopApi, startWhopApi } from "../support/whop-api";

const APP = "http://localhost:3000";
const API_KEY = "apik_signin_test_key";
const PRO_PLAN = "plan_pro_monthly";

let t: TestDatabase;
let idp: TestIdp;
let api: FakeWhopApi;
let ctx: AppContext;
beforeAll(async () => {
  t = await createTestDatabase();
  idp = await startTestIdp({ appUrl: APP });
  api = await startWhopApi({ apiKey: API_KEY, companyId: "biz_test" });
});
afterAll(async () => {
  await api.close();
  await idp.close();
  await t.drop();
});
beforeEach(() => {
  api.memberships = [];
  api.failPages.clear();
  ctx = installTestContext(
    t,
    testConfig({
      APP_URL: APP,
      WHOP_OAUTH_ISSUER: idp.issuer,
      WHOP_CLIENT_ID: TEST_CLIENT_ID,
      WHOP_API_KEY: API_KEY,
      WHOP_COMPANY_ID: "biz_test",
      WHOP_API_BASE_URL: api.baseUrl,
      WHOP_PRO_PLAN_IDS: PRO_PLAN,
    }),
  );
});
afterEach(() => {
  setAppContext(undefined);
  setOAuthClient(undefined);
});

/** The whole browser round trip; returns the signed-in identity's id. */
async function signInAs(email: string): Promise<{ status: number; identityId?: string }> {
  const started = await login(get(`${APP}/api/auth/login`));
  const back = await signInAtProvider(started.headers.get("location") ?? "", email);
  const finished = await callback(get(back.href, pendingPair(started)));
  const session = sessionPair(finished);
  if (!session) return { status: finished.status };
  const data = await unsealSession(ctx.config, decodeURIComponent(session.split("=")[1] ?? ""), new Date());
  return { status: finished.status, identityId: data?.identityId };
}

describe("the sign-in check against Whop", () => {
  it("gives PRO at sign-in to a buyer whose membership webhook never arrived", async () => {
    const email = "lost.webhook@example.com";
    api.memberships.push({
      id: "mem_lost",
      userId: localSubject(email),
      planId: PRO_PLAN,
      productId: "prod_x",
      status: "active",
      updatedAt: new Date(),
    });
    const { status, identityId } = await signInAs(email);
    expect(status).toBe(303);
    expect(identityId).toBeTruthy();
    expect((await findIdentity(t.db, identityId as string))?.whopId).toBe(localSubject(email));
    expect((await effectiveTier(t.db, identityId as string)).name).toBe("PRO");
  });

  it("still signs the user in when the Whop API fails", async () => {
    api.memberships.push({
      id: "mem_x",
      userId: localSubject("outage@example.com"),
      planId: PRO_PLAN,
      productId: "prod_x",
      status: "active",
      updatedAt: new Date(),
    });
    api.failPages.set(1, 500);
    const { status, identityId } = await signInAs("outage@example.com");
    expect(status).toBe(303);
    expect(identityId).toBeTruthy();
    expect((await effectiveTier(t.db, identityId as string)).name).toBe("FREE");
  });
});
