// The admin JSON is for admins only (an ADMIN_EMAILS email the identity provider verified): anyone
// else — signed out, a member, an unverified admin email — gets the same 404 as a route that does
// not exist. Changes come only from the app's own pages (403 for anyone otherwise, as on every
// route) and only as application/json (415 otherwise).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as auditGET } from "@/app/api/admin/audit/route";
import { DELETE as revokeDELETE } from "@/app/api/admin/grants/[id]/route";
import { POST as grantPOST } from "@/app/api/admin/grants/route";
import { GET as metricsGET } from "@/app/api/admin/metrics/route";
import { GET as metricsCsvGET } from "@/app/api/admin/metrics.csv/route";
import { GET as usersGET } from "@/app/api/admin/users/route";
import { POST as replayPOST } from "@/app/api/admin/webhooks/[id]/replay/route";
import { type AppContext, setAppContext } from "@/server/context";
import { ADMIN_EMAIL, adminRequest, signInAs } from "../support/admin";
import { installTestContext, testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import type { SignedIn } from "../support/generation";

let t: TestDatabase;
let ctx: AppContext;
let admin: SignedIn;
let member: SignedIn;
let unverified: SignedIn;
beforeAll(async () => {
  t = await createTestDatabase();
  ctx = installTestContext(t, testConfig({ ADMIN_EMAILS: `  ${ADMIN_EMAIL.toUpperCase()} ` }));
  admin = await signInAs(t.db, ctx.config, ADMIN_EMAIL);
  member = await signInAs(t.db, ctx.config, "member@example.com");
  unverified = await signInAs(t.db, ctx.config, ADMIN_EMAIL, new Date(), false);
});
afterEach(() => {
  ctx = installTestContext(t, ctx.config);
});
afterAll(async () => {
  setAppContext(undefined);
  await t.drop();
});

const params = (id: string) => ({ params: Promise.resolve({ id }) });
type Call = (init: { cookie?: string; origin?: string | null; contentType?: string }) => Promise<Response>;

const reads: Record<string, Call> = {
  "GET /api/admin/metrics": ({ cookie }) => metricsGET(adminRequest("/api/admin/metrics?days=7", { cookie })),
  "GET /api/admin/metrics.csv": ({ cookie }) => metricsCsvGET(adminRequest("/api/admin/metrics.csv?days=7", { cookie })),
  "GET /api/admin/users": ({ cookie }) => usersGET(adminRequest("/api/admin/users?q=example", { cookie })),
  "GET /api/admin/audit": ({ cookie }) => auditGET(adminRequest("/api/admin/audit", { cookie })),
};

const changes: Record<string, Call> = {
  "POST /api/admin/grants": (init) =>
    grantPOST(adminRequest("/api/admin/grants", { method: "POST", body: { identityId: "nobody", days: 3, reason: "Because" }, ...init })),
  "DELETE /api/admin/grants/{id}": (init) =>
    revokeDELETE(adminRequest("/api/admin/grants/nothing", { method: "DELETE", body: { reason: "Because" }, ...init }), params("nothing")),
  "POST /api/admin/webhooks/{id}/replay": (init) =>
    replayPOST(adminRequest("/api/admin/webhooks/msg_none/replay", { method: "POST", body: {}, ...init }), params("msg_none")),
};

async function expectMissing(response: Response) {
  expect(response.status).toBe(404);
  expect(await response.json()).toEqual({ error: { code: "not_found:page", message: "This page could not be found." } });
}

describe.each(Object.entries({ ...reads, ...changes }))("%s", (_name, call) => {
  it("is a 404 without a session, with a member's session, with a broken cookie, and for an admin email the provider did not verify", async () => {
    await expectMissing(await call({}));
    await expectMissing(await call({ cookie: member.cookie }));
    await expectMissing(await call({ cookie: `${member.cookie.slice(0, -4)}AAAA` }));
    await expectMissing(await call({ cookie: member.cookie, contentType: "text/plain" }));
    await expectMissing(await call({ cookie: unverified.cookie }));
  });
});

describe.each(Object.entries(reads))("%s", (_name, call) => {
  it("answers an admin (ADMIN_EMAILS matched whatever its case and spaces)", async () => {
    expect((await call({ cookie: admin.cookie })).status).toBe(200);
  });
});

describe.each(Object.entries(changes))("%s", (_name, call) => {
  it("refuses a request from another site (403, whoever sends it) or not sent as JSON (415), before doing anything", async () => {
    for (const cookie of [admin.cookie, member.cookie]) {
      for (const origin of ["https://evil.example", "null"]) {
        const crossSite = await call({ cookie, origin });
        expect(crossSite.status).toBe(403);
        expect((await crossSite.json()).error.code).toBe("forbidden:origin");
      }
    }
    const form = await call({ cookie: admin.cookie, contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expect((await form.json()).error.code).toBe("unsupported_media_type:body");
    // The same request as JSON from the app itself gets past both checks (to a 404 for what it names).
    const ok = await call({ cookie: admin.cookie });
    expect(ok.status).toBe(404);
    expect((await ok.json()).error.code).not.toBe("not_found:page");
  });
});
