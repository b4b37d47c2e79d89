// `npm start`: validate the configuration (environment and .env files), migrate and seed the
// database, build when the build is missing or stale, start the local stand-ins local mode needs
// (the local sign-in provider), then serve the production build on PORT (launch.ts).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { configOrExit, NEXT_BIN, prepareDatabaseOrExit, serve, startLocalSignIn } from "./launch";

const root = process.cwd();

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
  const config = configOrExit();
  await prepareDatabaseOrExit(config);
  if (buildIsStale()) {
    console.log("Building the app (first start or changed sources)…");
    const build = spawnSync(process.execPath, [NEXT_BIN, "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  serve(config, "start", await startLocalSignIn(config));
}

main().catch((error) => {
  console.error(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
