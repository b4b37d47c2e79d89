// `npm start`: validate config, migrate and seed the database, build when the build is missing or
// stale, start the local stand-ins local mode needs (the local sign-in provider), then serve the
// production build on PORT; the stand-ins stop with the app.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { getConfig } from "../src/server/app-config";
import { isLoopbackUrl } from "../src/server/auth/oauth-client";
import { type AppConfig, ConfigError, localStandIns } from "../src/server/config";
import { databaseFailureReason, prepareDatabase } from "../src/server/db";
import { isAppError } from "../src/server/errors";

const root = process.cwd();
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const inputs = [join(root, "src"), join(root, "package-lock.json"), join(root, "next.config.ts")];
  return inputs.some((p) => existsSync(p) && (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs) > built);
}

/**
 * Local mode: the Whop-compatible local identity provider on LOCAL_IDP_PORT, at exactly the issuer
 * the app discovers (WHOP_OAUTH_ISSUER's default), so the production sign-in code runs unchanged.
 */
async function startLocalSignIn(config: AppConfig): Promise<{ close(): Promise<void> } | undefined> {
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

async function main(): Promise<void> {
  let config: ReturnType<typeof getConfig>;
  try {
    config = getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  try {
    const database = await prepareDatabase(config);
    await database.close();
  } catch (error) {
    console.error(databaseFailureReason(config.database.url, isAppError(error) ? error.cause : error));
    process.exit(1);
  }

  if (buildIsStale()) {
    console.log("Building the app (first start or changed sources)…");
    const build = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], { stdio: "inherit", env });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  const idp = config.local.signIn ? await startLocalSignIn(config) : undefined;

  const children: ChildProcess[] = [];
  const host = config.isProduction ? "0.0.0.0" : "127.0.0.1";
  const next = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "-p", String(config.port), "-H", host], {
    stdio: "inherit",
    env,
  });
  children.push(next);
  const standIns = localStandIns(config);
  console.log(`AI SSA Studio on ${config.appUrl}${standIns.length ? ` (local mode: ${standIns.join(", ")})` : ""}`);

  const stop = (signal: NodeJS.Signals) => {
    for (const child of children) child.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  next.on("exit", (code) => {
    stop("SIGTERM");
    const done = () => process.exit(code ?? 0);
    if (idp) idp.close().then(done, done);
    else done();
  });
}

main().catch((error) => {
  console.error(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
