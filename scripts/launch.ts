// What `npm start` and `npm run dev` share: the configuration validated first (every problem at
// once), the database migrated and seeded (and, for the embedded one, let go again before the
// server opens it), local mode's sign-in provider when no Whop app is configured, and the Next.js
// server as a child process. SIGTERM and SIGINT go to the server; the launcher exits once it has,
// with its exit code, and takes the sign-in provider down with it: no orphan keeps a port.
import { type ChildProcess, spawn } from "node:child_process";
import { getConfig } from "../src/server/app-config";
import { isLoopbackUrl } from "../src/server/auth/oauth-client";
import { type AppConfig, ConfigError, localStandIns } from "../src/server/config";
import { databaseFailureReason, prepareDatabase } from "../src/server/db";
import { isAppError } from "../src/server/errors";

export const NEXT_BIN = require.resolve("next/dist/bin/next");

/** The validated configuration, or exit 1 with every problem listed. */
export function configOrExit(): AppConfig {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Migrates and seeds, then closes (the server opens the database itself); exit 1 with the reason. */
export async function prepareDatabaseOrExit(config: AppConfig): Promise<void> {
  try {
    const database = await prepareDatabase(config);
    await database.close();
  } catch (error) {
    console.error(databaseFailureReason(config.database.url, isAppError(error) ? error.cause : error));
    process.exit(1);
  }
}

/**
 * Local mode: the Whop-compatible sign-in provider on LOCAL_IDP_PORT, at exactly the issuer the app
 * discovers (WHOP_OAUTH_ISSUER's default), so the production sign-in code runs unchanged.
 */
export async function startLocalSignIn(config: AppConfig): Promise<{ close(): Promise<void> } | undefined> {
  if (!config.local.signIn || config.isProduction) return undefined;
  const issuer = new URL(config.whop.oauthIssuer);
  if (!isLoopbackUrl(issuer.href) || Number(issuer.port) !== config.localIdpPort) {
    console.log(`Sign-in uses ${config.whop.oauthIssuer} (WHOP_OAUTH_ISSUER); the local sign-in provider is not started.`);
    return undefined;
  }
  // Imported here so production starts never load the provider.
  const { startLocalIdp } = await import("../src/server/local/sign-in-provider");
  try {
    const idp = await startLocalIdp({
      port: config.localIdpPort,
      host: "127.0.0.1",
      appUrl: config.appUrl,
      clientId: config.whop.clientId ?? "ai-ssa-local",
      issuer: config.whop.oauthIssuer,
    });
    console.log(`Local sign-in provider (stands in for Whop) on ${idp.issuer}`);
    return idp;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "EADDRINUSE" ? "the port is in use" : (error as Error).message;
    console.error(`The local sign-in provider could not listen on port ${config.localIdpPort} (LOCAL_IDP_PORT): ${reason}.`);
    process.exit(1);
  }
}

/**
 * Runs the Next.js server (`next start` or `next dev`) as a child, forwards SIGTERM/SIGINT to it,
 * and exits with its code once it and the sign-in provider are down.
 */
export function serve(config: AppConfig, mode: "start" | "dev", idp: { close(): Promise<void> } | undefined): void {
  const host = config.isProduction ? "0.0.0.0" : "127.0.0.1";
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    // The app stops gracefully itself on SIGTERM (src/server/lifecycle.ts), instead of Next.js.
    ...(mode === "start" ? { NEXT_MANUAL_SIG_HANDLE: "1" } : {}),
  };
  const server: ChildProcess = spawn(process.execPath, [NEXT_BIN, mode, "-p", String(config.port), "-H", host], { stdio: "inherit", env });
  const standIns = localStandIns(config);
  console.log(`AI SSA Studio on ${config.appUrl}${standIns.length ? ` (local mode: ${standIns.join(", ")})` : ""}`);

  let stopping = false;
  const forward = (signal: NodeJS.Signals) => {
    stopping = true;
    if (server.exitCode === null && server.signalCode === null) server.kill(signal);
  };
  process.on("SIGINT", () => forward("SIGINT"));
  process.on("SIGTERM", () => forward("SIGTERM"));
  server.on("exit", (code, signal) => {
    const done = () => process.exit(code ?? (stopping || signal ? 0 : 1));
    if (idp) idp.close().then(done, done);
    else done();
  });
}
