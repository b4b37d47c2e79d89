// devkit: what the tests (tests/) and the benchmark (bench/) both need, so neither imports the other.
// This file: the production build, made once under a lock, and `next start` holding that lock.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = process.cwd();
const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");

/** Builds take it exclusively; a running app holds it shared, so no build replaces .next under it. */
export const BUILD_LOCK = "/tmp/ai-ssa-build.lock";

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsFresh(): boolean {
  const buildId = join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return [join(root, "src"), join(root, "next.config.ts")].every((p) => newestMtime(p) <= built);
}

/**
 * Runs `next build` when .next is missing or older than src/ or next.config.ts. The build runs
 * under `flock` so parallel test files (and other people's builds) never build at the same time;
 * freshness is checked again inside the lock so only the first waiter builds.
 */
export function ensureBuild(): void {
  if (buildIsFresh()) return;
  const script = `cd "${root}" && if [ -f .next/BUILD_ID ] && [ -z "$(find src next.config.ts -newer .next/BUILD_ID -print -quit)" ]; then echo "build is fresh"; else "${process.execPath}" "${nextBin}" build; fi`;
  execFileSync("flock", [BUILD_LOCK, "sh", "-c", script], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    timeout: 15 * 60 * 1000,
  });
}

/**
 * The `sh -c` command that runs `next start` on 127.0.0.1:`port` (node started with `nodeArgs`).
 * The server holds a shared lock on BUILD_LOCK for its whole life (fd 9, inherited through exec),
 * so nobody's `next build` can replace .next under a running app; builds wait for it.
 */
export function nextStartCommand(port: number, nodeArgs: string[] = []): string {
  const node = [`"${process.execPath}"`, ...nodeArgs, `"${nextBin}"`].join(" ");
  return `exec 9>>"${BUILD_LOCK}"; flock -s 9; exec ${node} start -p ${port} -H 127.0.0.1`;
}
