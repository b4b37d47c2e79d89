// The process's configuration, composed: the environment validated by config.ts, with local mode's
// stand-ins filled in where nothing real is configured (generated secrets under DATA_DIR, the
// local PRO plan). Every entry point reads its configuration through here.
import { type AppConfig, loadConfig } from "./config";
import { LOCAL_PRO_PLAN_ID } from "./local/plan";
import { readOrCreateLocalSecrets } from "./local/secrets";

type Env = Record<string, string | undefined>;

export function composeConfig(env: Env): AppConfig {
  const config = loadConfig(env, { localSecrets: readOrCreateLocalSecrets });
  if (config.local.proPlan) config.whop.proPlanIds = [LOCAL_PRO_PLAN_ID];
  return config;
}

let cached: AppConfig | undefined;

/** The process-wide config, read from process.env once. */
export function getConfig(): AppConfig {
  cached ??= composeConfig(process.env);
  return cached;
}
