// The real app for tests that need it over HTTP (proxy, pages, the browser journey):
//
//   await ensureBuild();                       // `next build` once per run, under the shared lock
//   const app = await startApp({ env });       // `next start` on a free port; app.url, app.stop()
//
// A running app holds a shared lock on /tmp/ai-ssa-build.lock, so builds (exclusive) wait until it
// stops; call ensureBuild() before startApp(), never while this process has an app running.
// startApp fills in APP_URL (matching the port), a SESSION_SECRET, a temporary DATA_DIR (so
// PGlite and local secrets never touch .data/) and a webhook secret; `env` overrides any of them
// (pass DATABASE_URL for a real PostgreSQL, WHOP_OAUTH_ISSUER/WHOP_CLIENT_ID for a test provider).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = process.cwd();
const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");
export const BUILD_LOCK = "/tmp/ai-ssa-build.lock";
export const TEST_APP_SESSION_SECRET = "app-server-session-secret-0123456789-abc";

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

/** A free TCP port on 127.0.0.1 (the OS picks; the port is released before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  /** http://127.0.0.1:<port>, also the app's APP_URL. */
  url: string;
  /** Everything the server printed, for assertions and failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the built app with `env` on a free port and waits until /api/health answers 200. */
export async function startApp(
  options: { env?: Record<string, string | undefined>; port?: number; timeoutMs?: number } = {},
): Promise<RunningApp> {
  // Pass `port` (from freePort()) when something must know the app's URL before it starts, e.g. a provider's redirect URI.
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "ai-ssa-app-"));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: url,
    PORT: String(port),
    DATA_DIR: dataDir,
    SESSION_SECRET: TEST_APP_SESSION_SECRET,
    WHOP_WEBHOOK_SECRET: "ws_app_server_test_secret_0123456789",
    ...options.env,
  };
  let output = "";
  // The server holds a shared lock on the build lock for its whole life (fd 9, inherited through
  // exec), so nobody's `next build` can replace .next under a running app; builds wait for it.
  const command = `exec 9>>"${BUILD_LOCK}"; flock -s 9; exec "${process.execPath}" "${nextBin}" start -p ${port} -H 127.0.0.1`;
  const child: ChildProcess = spawn("sh", ["-c", command], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status === 200) return { url, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`the app did not become healthy on ${url}:\n${output.slice(-3000)}`);
}
