// The OpenID Connect client for Sign in with Whop (openid-client 6). The issuer is discovered from
// config, exactly the same way for Whop and for the local provider; Whop's published endpoints are
// the fallback when its discovery document is not served. One configuration per process.
import * as oidc from "openid-client";
import type { AppConfig } from "../config";
import { log } from "../log";
import { SignInError } from "./sign-in-errors";

export const WHOP_ISSUER = "https://api.whop.com";

/** Whop's endpoints as its docs publish them; used only when discovery fails for Whop itself. */
export const WHOP_ENDPOINTS: oidc.ServerMetadata = {
  issuer: WHOP_ISSUER,
  authorization_endpoint: "https://api.whop.com/oauth/authorize",
  token_endpoint: "https://api.whop.com/oauth/token",
  userinfo_endpoint: "https://api.whop.com/oauth/userinfo",
  jwks_uri: "https://api.whop.com/.well-known/jwks.json",
  id_token_signing_alg_values_supported: ["ES256"],
  code_challenge_methods_supported: ["S256"],
};

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

export interface ClientOptions {
  /** Tests only: route the client's HTTP calls through a wrapper (e.g. to alter a token response). */
  fetch?: oidc.CustomFetch;
}

function clientAuth(config: AppConfig): { metadata: Partial<oidc.ClientMetadata>; auth: oidc.ClientAuth } {
  // Whop signs ID tokens with ES256; accepting only that closes the door on algorithm confusion.
  const base: Partial<oidc.ClientMetadata> = { id_token_signed_response_alg: "ES256" };
  if (config.whop.clientSecret) {
    return {
      metadata: { ...base, client_secret: config.whop.clientSecret, token_endpoint_auth_method: "client_secret_post" },
      auth: oidc.ClientSecretPost(config.whop.clientSecret),
    };
  }
  return { metadata: { ...base, token_endpoint_auth_method: "none" }, auth: oidc.None() };
}

/** Discovers the issuer in config and builds a client for it (no caching). */
export async function createOAuthClient(config: AppConfig, options: ClientOptions = {}): Promise<oidc.Configuration> {
  const issuer = config.whop.oauthIssuer;
  const clientId = config.whop.clientId;
  if (!clientId) throw new SignInError("provider_unavailable", "WHOP_CLIENT_ID is not configured");
  const { metadata, auth } = clientAuth(config);
  // Plain http is tolerated only for a provider on this machine (the local provider, tests).
  const insecure = isLoopbackUrl(issuer);
  // openid-client trusts TLS for ID tokens from the token endpoint unless told otherwise; we verify
  // the signature against the provider's JWKS anyway (and the local provider speaks plain http).
  const execute = [oidc.enableNonRepudiationChecks, ...(insecure ? [oidc.allowInsecureRequests] : [])];
  const fetchOption = options.fetch ? { [oidc.customFetch]: options.fetch } : {};
  try {
    return await oidc.discovery(new URL(issuer), clientId, metadata, auth, { execute, timeout: 10, ...fetchOption });
  } catch (error) {
    if (issuer !== WHOP_ISSUER) {
      throw new SignInError("provider_unavailable", `discovery failed for ${issuer}: ${(error as Error).message}`);
    }
    log.warn("Whop discovery failed; using its published endpoints", { error });
    const configuration = new oidc.Configuration(WHOP_ENDPOINTS, clientId, metadata, auth);
    oidc.enableNonRepudiationChecks(configuration);
    if (options.fetch) configuration[oidc.customFetch] = options.fetch;
    return configuration;
  }
}

const clientsOfProcess = globalThis as typeof globalThis & {
  __aiSsaOAuthClients?: Map<string, Promise<oidc.Configuration>>;
  __aiSsaOAuthOverride?: oidc.Configuration;
};

/** The process-wide client for the configured issuer; a failed discovery is retried next time. */
export function getOAuthClient(config: AppConfig): Promise<oidc.Configuration> {
  if (clientsOfProcess.__aiSsaOAuthOverride) return Promise.resolve(clientsOfProcess.__aiSsaOAuthOverride);
  const key = `${config.whop.oauthIssuer}|${config.whop.clientId}|${config.whop.clientSecret ? "confidential" : "public"}`;
  clientsOfProcess.__aiSsaOAuthClients ??= new Map();
  const clients = clientsOfProcess.__aiSsaOAuthClients;
  let client = clients.get(key);
  if (!client) {
    client = createOAuthClient(config).catch((error) => {
      clients.delete(key);
      throw error;
    });
    clients.set(key, client);
  }
  return client;
}

/** Tests only: use this client instead of the discovered one (undefined resets). */
export function setOAuthClient(configuration: oidc.Configuration | undefined): void {
  clientsOfProcess.__aiSsaOAuthOverride = configuration;
}
