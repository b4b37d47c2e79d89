// How the app finds its OpenID provider: discovery for every issuer, Whop's published endpoints
// when Whop's discovery is not served, and plain http only for a provider on this machine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOAuthClient, WHOP_ENDPOINTS } from "@/server/auth/oauth-client";
import { SignInError } from "@/server/auth/sign-in-errors";
import { testConfig } from "../support/context";
import { startTestIdp, type TestIdp } from "../support/oidc";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp({ appUrl: "http://localhost:3000" });
});
afterAll(async () => {
  await idp.close();
});

/** A network that answers nothing, so no test ever reaches the real Whop. */
const unreachable = async (): Promise<Response> => {
  throw new TypeError("fetch failed");
};

describe("the OpenID client", () => {
  it("discovers the local provider over http because it is on this machine", async () => {
    const client = await createOAuthClient(testConfig({ WHOP_OAUTH_ISSUER: idp.issuer, WHOP_CLIENT_ID: "ai-ssa-test" }));
    expect(client.serverMetadata().issuer).toBe(idp.issuer);
    expect(client.serverMetadata().token_endpoint).toBe(`${idp.issuer}/token`);
    expect(client.clientMetadata().token_endpoint_auth_method).toBe("none");
  });

  it("is a public client without a secret and a confidential one with WHOP_CLIENT_SECRET", async () => {
    const client = await createOAuthClient(
      testConfig({ WHOP_OAUTH_ISSUER: idp.issuer, WHOP_CLIENT_ID: "ai-ssa-test", WHOP_CLIENT_SECRET: "s3cret-for-tests" }),
    );
    expect(client.clientMetadata().token_endpoint_auth_method).toBe("client_secret_post");
  });

  it("falls back to Whop's published endpoints when Whop's discovery fails", async () => {
    const config = testConfig({ WHOP_CLIENT_ID: "app_test123" });
    expect(config.whop.oauthIssuer).toBe("https://api.whop.com");
    const client = await createOAuthClient(config, { fetch: unreachable });
    expect(client.serverMetadata()).toMatchObject(WHOP_ENDPOINTS);
    expect(client.serverMetadata().authorization_endpoint).toBe("https://api.whop.com/oauth/authorize");
  });

  it("does not invent endpoints for another issuer that cannot be discovered", async () => {
    const config = testConfig({ WHOP_CLIENT_ID: "app_test123", WHOP_OAUTH_ISSUER: "https://id.example.com" });
    await expect(createOAuthClient(config, { fetch: unreachable })).rejects.toMatchObject({ code: "provider_unavailable" });
  });

  it("refuses plain http to a provider that is not on this machine", async () => {
    const config = testConfig({ WHOP_CLIENT_ID: "app_test123", WHOP_OAUTH_ISSUER: "http://id.example.com" });
    let fetched = false;
    const error = await createOAuthClient(config, {
      fetch: async () => {
        fetched = true;
        throw new TypeError("fetch failed");
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect(fetched).toBe(false);
  });
});
