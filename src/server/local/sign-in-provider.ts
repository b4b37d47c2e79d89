// Local mode's sign-in provider (oidc-provider 9): a Whop-compatible OpenID provider that
// `npm start` (local mode) and the tests run, so the production sign-in code path runs unchanged.
// PKCE is required and ID tokens are ES256 like Whop's; accounts are sign-in-accounts.ts's and the
// pages sign-in-pages.ts's. Memory only.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import Provider, { type Configuration, interactionPolicy } from "oidc-provider";
import { LocalAccounts } from "./sign-in-accounts";
import { avatarSvg, errorPage, signInPage } from "./sign-in-pages";

export interface LocalIdpOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The app's origin; its /api/auth/callback is the one registered redirect URI. */
  appUrl: string;
  clientId: string;
  /** Set to register a confidential client (client_secret_post) instead of a public one. */
  clientSecret?: string;
  /** Defaults to http://<host>:<port>; must be exactly what the app has as WHOP_OAUTH_ISSUER. */
  issuer?: string;
  /** Tests only: a private ES256 JWK to sign with, so a test can mint tokens with the same key. */
  signingKey?: JWK;
  /** Tests only: emails the provider reports with email_verified false. */
  unverifiedEmails?: string[];
}

export interface LocalIdp {
  issuer: string;
  close(): Promise<void>;
}

const SCOPES = ["openid", "profile", "email"];

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

export async function startLocalIdp(options: LocalIdpOptions): Promise<LocalIdp> {
  const host = options.host ?? "127.0.0.1";
  const accounts = new LocalAccounts(options.unverifiedEmails);
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else send(res, 503, "text/plain", "starting");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = options.issuer ?? `http://${host}:${port}`;

  const signingKey = options.signingKey ?? (await exportJWK((await generateKeyPair("ES256", { extractable: true })).privateKey));
  const jwk = { ...signingKey, alg: "ES256", use: "sig", kid: signingKey.kid ?? `local-${randomBytes(4).toString("hex")}` };

  // The local provider asks for an email on every sign-in, so switching users is just signing in again.
  const policy = interactionPolicy.base();
  policy
    .get("login")
    ?.checks.add(
      new interactionPolicy.Check("local_always_asks", "the local provider asks for an email every time", (ctx) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_name: "AI SSA Studio",
        redirect_uris: [`${options.appUrl}/api/auth/callback`],
        response_types: ["code"],
        grant_types: ["authorization_code", "refresh_token"],
        id_token_signed_response_alg: "ES256",
        ...(options.clientSecret
          ? { client_secret: options.clientSecret, token_endpoint_auth_method: "client_secret_post" }
          : { token_endpoint_auth_method: "none" }),
      },
    ],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    scopes: [...SCOPES, "offline_access"],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username", "picture"] },
    cookies: {
      keys: [randomBytes(32).toString("base64url")],
      names: { session: "local_idp_session", interaction: "local_idp_interaction", resume: "local_idp_resume" },
    },
    features: { devInteractions: { enabled: false } },
    interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600, RefreshToken: 86400 },
    async findAccount(_ctx, sub) {
      const claims = accounts.claims(sub, issuer);
      return claims ? { accountId: sub, claims: async () => claims } : undefined;
    },
    async renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = errorPage(String(out.error_description ?? out.error ?? "Unknown error"));
    },
  };
  const provider = new Provider(issuer, configuration);
  const oidcHandler = provider.callback();

  async function finishWithGrant(req: IncomingMessage, res: ServerResponse, accountId: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId: String(details.params.client_id) }))
      : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    // A first-party local client: consent to what it asks for, within the scopes Whop offers.
    const requested = String(details.params.scope ?? "").split(" ");
    grant.addOIDCScope(requested.filter((s) => SCOPES.includes(s)).join(" "));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return send(res, 400, "text/html; charset=utf-8", errorPage("This sign-in page is out of date."));
    const clientName = "AI SSA Studio";
    if (req.method === "GET" && !action) {
      if (details.prompt.name === "consent" && details.session?.accountId) return finishWithGrant(req, res, details.session.accountId);
      return send(res, 200, "text/html; charset=utf-8", signInPage({ uid, clientName }));
    }
    if (req.method === "POST" && action === "abort") {
      const result = { error: "access_denied", error_description: "The user cancelled sign-in." };
      return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }
    if (req.method === "POST" && action === "login") {
      const email = (await readForm(req)).get("email")?.trim() ?? "";
      if (!LocalAccounts.isEmail(email)) {
        return send(
          res,
          400,
          "text/html; charset=utf-8",
          signInPage({ uid, clientName, email, error: "Please type a valid email address." }),
        );
      }
      return finishWithGrant(req, res, accounts.remember(email));
    }
    send(res, 405, "text/plain", "method not allowed");
  }

  handler = (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const match = /^\/interaction\/([^/]+)(?:\/(login|abort))?$/.exec(path);
    if (match?.[1]) {
      interaction(req, res, match[1], match[2]).catch((error: Error) => {
        if (!res.headersSent)
          send(res, 400, "text/html; charset=utf-8", errorPage(`This sign-in expired or was already used (${error.message}).`));
      });
      return;
    }
    const avatar = /^\/avatar\/(user_[a-f0-9]+)\.svg$/.exec(path);
    if (avatar?.[1]) return send(res, 200, "image/svg+xml", avatarSvg(accounts.emailOf(avatar[1]) ?? "?"));
    oidcHandler(req, res);
  };

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
