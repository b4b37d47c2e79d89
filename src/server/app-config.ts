// The process's configuration, composed: the environment validated by config.ts, with local mode's
// stand-ins filled in where nothing real is configured (generated secrets under DATA_DIR, the
// local PRO plan). Every entry point (npm start, npm run dev, the server, every CLI script) reads
// its configuration through here, from the same sources in the same order: the process
// environment first, then the project's .env files, loaded by Next.js's own loader (@next/env).
import { loadEnvConfig } from "@next/env";
import { type AppConfig, loadConfig } from "./config";
import { LOCAL_PRO_PLAN_ID } from "./local/plan";
import { readOrCreateLocalSecrets } from "./local/secrets";

type Env = Record<string, string | undefined>;

export function composeConfig(env: Env): AppConfig {
  const config = loadConfig(env, { localSecrets: readOrCreateLocalSecrets });
  if (config.local.proPlan) config.whop.proPlanIds = [LOCAL_PRO_PLAN_ID];
  return config;
}

/**
 * Loads the project's .env files into process.env the way Next.js does (.env.$NODE_ENV.local,
 * .env.local, .env.$NODE_ENV, .env; a variable already in the environment wins). Idempotent; the
 * Next.js server has done it already by the time the app runs.
 */
export function loadProjectEnv(options: { dev?: boolean; dir?: string } = {}): void {
  loadEnvConfig(options.dir ?? process.cwd(), options.dev ?? false, { info: () => {}, error: (...args) => console.error(...args) });
}

let cached: AppConfig | undefined;

/** The process-wide config: the environment and the .env files, read once. */
export function getConfig(): AppConfig {
  if (!cached) {
    loadProjectEnv();
    cached = composeConfig(process.env);
  }
  return cached;
}
