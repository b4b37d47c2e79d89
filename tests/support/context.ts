// Builds an AppContext for a test: its own database, a config from a given env (composed the way the
// app composes it, local stand-ins included), a controllable clock.
import { composeConfig } from "@/server/app-config";
import type { AppConfig } from "@/server/config";
import { type AppContext, composeContext, setAppContext } from "@/server/context";
import type { Database } from "@/server/db/client";

export const TEST_SESSION_SECRET = "test-session-secret-0123456789abcdef-xyz";

/** A deployment's environment that passes production's checks (https, real secrets, Whop, a model). */
export const PRODUCTION_ENV = {
  APP_URL: "https://studio.example.com",
  SESSION_SECRET: "pr0d-S3ssion-secret-9f8e7d6c5b4a3210-ZyXw",
  WHOP_CLIENT_ID: "app_production01",
  WHOP_WEBHOOK_SECRET: "ws_0123456789abcdefghijklmnop",
  DATABASE_URL: "postgres://app@db.example.com/studio",
  CRON_SECRET: "cron-Secret-0123456789-abcdefghijklmnop",
  WHOP_PRO_PLAN_IDS: "plan_pro_monthly",
  OPENAI_API_KEY: "sk-production-key-0000000000",
};

export function testConfig(env: Record<string, string | undefined> = {}): AppConfig {
  return composeConfig({
    APP_URL: "http://localhost:3000",
    SESSION_SECRET: TEST_SESSION_SECRET,
    WHOP_WEBHOOK_SECRET: "ws_test_webhook_secret_0123456789",
    DATA_DIR: "/tmp/ai-ssa-test-data",
    ...env,
  });
}

export function installTestContext(database: Database, config: AppConfig = testConfig(), now: () => Date = () => new Date()): AppContext {
  const context = composeContext({ config, database, now });
  setAppContext(context);
  return context;
}
