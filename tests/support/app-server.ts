// The real app for tests that need it over HTTP (proxy, pages, the browser journey):
//
//   await ensureBuild();                       // `next build` once per run, under the shared lock
//   const app = await startApp({ env });       // `next start` on a free port; app.url, app.stop()
//
// A running app holds a shared lock on the build lock (devkit/build.ts), so builds (exclusive) wait
// until it stops; call ensureBuild() before startApp(), never while this process has an app running.
// startApp fills in APP_URL (matching the port), a SESSION_SECRET, a temporary DATA_DIR (so
// PGlite and local secrets never touch .data/) and a webhook secret; `env` overrides any of them
// (pass DATABASE_URL for a real PostgreSQL, WHOP_OAUTH_ISSUER/WHOP_CLIENT_ID for a test provider).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nextStartCommand } from "../../devkit/build";
import { freePort, waitForHttp } from "../../devkit/servers";
import { spawnCaptured } from "./processes";

export const TEST_APP_SESSION_SECRET = "app-server-session-secret-0123456789-abc";

export interface RunningApp {
  /** http://127.0.0.1:<port>, also the app's APP_URL. */
  url: string;
  /** Everything the server printed, for assertions and failure messages. */
  output(): string;
  stop(): Promise<void>;
  /** The server process's id (for reading its memory in /proc). */
  pid: number;
  /** Sends a signal to the server process (e.g. SIGKILL to crash it, SIGTERM to stop it). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves with the exit code (null when killed by a signal) once the server process ends. */
  exited: Promise<number | null>;
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
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: url,
    PORT: String(port),
    DATA_DIR: dataDir,
    SESSION_SECRET: TEST_APP_SESSION_SECRET,
    WHOP_WEBHOOK_SECRET: "ws_app_server_test_secret_0123456789",
    ...options.env,
  };
  const { child, output, exited } = spawnCaptured("sh", ["-c", nextStartCommand(port)], { env });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const healthy = await waitForHttp(`${url}/api/health`, {
    ready: (response) => response.status === 200,
    timeoutMs: options.timeoutMs,
    alive: () => child.exitCode === null && child.signalCode === null,
  });
  if (healthy) return { url, output, stop, pid: child.pid as number, signal: (signal) => child.kill(signal), exited };
  await stop();
  throw new Error(`the app did not become healthy on ${url}:\n${output().slice(-3000)}`);
}
