// Builds an AppContext for a test: its own database, a config from a given env (composed the way the
// app composes it, local stand-ins included), a controllable clock.
import { composeConfig } from "@/server/app-config";
import type { AppConfig } from "@/server/config";
import { type AppContext, composeContext, setAppContext } from "@/server/context";
import type { Database } from "@/server/db/client";

export const TEST_SESSION_SECRET = "test-session-secret-0123456789abcdef-xyz";

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
