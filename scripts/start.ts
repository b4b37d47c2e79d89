// `npm start`: validate config, migrate and seed the database, build when the build is missing or
// stale, start the local stand-ins local mode needs, then serve the production build on PORT.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, getConfig, localStandIns } from "../src/server/config";
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
    process.exit(code ?? 0);
  });
}

main().catch((error) => {
  console.error(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
