import { describe, expect, it } from "vitest";
import { composeConfig } from "@/server/app-config";
import { ConfigError, loadConfig, localStandIns } from "@/server/config";
import { PRODUCTION_ENV } from "../support/context";

const base = { DATA_DIR: "/tmp/ai-ssa-config-test" };

describe("configuration", () => {
  it("runs locally with no variables at all: embedded database, local sign-in, demo model", () => {
    const config = composeConfig(base);
    expect(config.port).toBe(3000);
    expect(config.appUrl).toBe("http://localhost:3000");
    expect(config.isProduction).toBe(false);
    expect(config.local).toMatchObject({ database: true, signIn: true, demoModel: true });
    expect(Object.values(config.sessionSecrets)[0]?.length).toBeGreaterThanOrEqual(32);
    expect(config.whop.webhookSecret).toMatch(/^ws_/);
    expect(config.whop.proPlanIds).toEqual(["plan_local_pro"]);
    // The same generated secrets on the next start (kept under DATA_DIR).
    expect(composeConfig(base).sessionSecrets).toEqual(config.sessionSecrets);
  });

  it("without the composition's local secrets, a missing secret is a problem to report", () => {
    expect(() => loadConfig(base)).toThrowError(/SESSION_SECRET is not set/);
  });

  it("honours PORT", () => {
    expect(composeConfig({ ...base, PORT: "4123" }).appUrl).toBe("http://localhost:4123");
  });

  it("refuses a malformed DATABASE_URL with one line naming the variable and its purpose", () => {
    expect(() => composeConfig({ ...base, DATABASE_URL: "mysql://nope" })).toThrowError(
      /^Configuration error:\n {2}- DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL \(DATABASE_URL is the PostgreSQL connection string/,
    );
    expect(() => loadConfig({ ...base, DATABASE_URL: "not a url" })).toThrowError(/DATABASE_URL/);
  });

  it("accepts a Neon-style URL with sslmode=require", () => {
    const url = "postgresql://user:pw@ep-cool-name.eu-central-1.aws.neon.tech/neondb?sslmode=require";
    expect(composeConfig({ ...base, DATABASE_URL: url }).database.url).toBe(url);
  });

  it("refuses a session secret under 32 characters", () => {
    expect(() => loadConfig({ ...base, SESSION_SECRET: "short" })).toThrowError(/SESSION_SECRET is under 32 characters/);
    expect(() => loadConfig({ ...base, SESSION_SECRETS: '{"1":"short"}' })).toThrowError(/under 32 characters for id 1/);
    expect(() => loadConfig({ ...base, SESSION_SECRETS: "{nope" })).toThrowError(/SESSION_SECRETS is not valid JSON/);
  });

  it("reads the SESSION_SECRETS rotation map", () => {
    const config = composeConfig({ ...base, SESSION_SECRETS: JSON.stringify({ 1: "a".repeat(32), 2: "b".repeat(40) }) });
    expect(config.sessionSecrets).toEqual({ 1: "a".repeat(32), 2: "b".repeat(40) });
  });

  it("in production requires real settings instead of local stand-ins", () => {
    const config = loadConfig(PRODUCTION_ENV);
    expect(config.isProduction).toBe(true);
    expect(config.whop.oauthIssuer).toBe("https://api.whop.com");
    expect(config.local).toMatchObject({ database: false, signIn: false, demoModel: false, proPlan: false });
    expect(localStandIns(config)).toEqual([]);
  });

  /** Every problem production reports for this environment, by variable. */
  const refusals = (env: Record<string, string | undefined>) => {
    try {
      loadConfig({ ...base, ...env });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it.each([
    ["a short session secret", { SESSION_SECRET: "Short-secret-1" }, /SESSION_SECRET is under 32 characters/],
    ["a session secret of one repeated character", { SESSION_SECRET: "a".repeat(40) }, /SESSION_SECRET is one character repeated/],
    [
      "a session secret of few distinct characters",
      { SESSION_SECRET: "abcabcabc".repeat(5) },
      /SESSION_SECRET has only 3 distinct characters/,
    ],
    [
      "a weak secret in the rotation map",
      { SESSION_SECRET: undefined, SESSION_SECRETS: JSON.stringify({ 1: PRODUCTION_ENV.SESSION_SECRET, 2: "x".repeat(32) }) },
      /SESSION_SECRETS \(id 2\) is one character repeated/,
    ],
    [
      "a webhook secret that is not Whop's",
      { WHOP_WEBHOOK_SECRET: "whsec_0123456789abcdefghijklmnop" },
      /WHOP_WEBHOOK_SECRET must be Whop's `ws_…`/,
    ],
    ["a short webhook secret", { WHOP_WEBHOOK_SECRET: "ws_short" }, /WHOP_WEBHOOK_SECRET must be/],
    ["a short cron secret", { CRON_SECRET: "cron" }, /CRON_SECRET must be set to at least 32/],
    ["no cron secret", { CRON_SECRET: undefined }, /CRON_SECRET must be set/],
    ["plain http", { APP_URL: "http://studio.example.com" }, /APP_URL must be an https:\/\/ URL in production/],
    ["no PRO plan or product", { WHOP_PRO_PLAN_IDS: undefined }, /WHOP_PRO_PLAN_IDS or WHOP_PRO_PRODUCT_IDS must name/],
    [
      "no model provider",
      { OPENAI_API_KEY: undefined },
      /OPENAI_API_KEY or ANTHROPIC_API_KEY or OPENAI_COMPATIBLE_BASE_URL must be set in production/,
    ],
  ])("refuses to start with %s", (_what, change, line) => {
    const problems = refusals({ ...PRODUCTION_ENV, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(line);
  });

  it("names every production problem at once", () => {
    const problems = refusals({ APP_URL: "http://studio.example.com", APP_ENV: "production", SESSION_SECRET: "z".repeat(32) });
    expect(problems.map((p) => p.split(" ")[0])).toEqual([
      "SESSION_SECRET",
      "WHOP_CLIENT_ID",
      "WHOP_WEBHOOK_SECRET",
      "DATABASE_URL",
      "APP_URL",
      "CRON_SECRET",
      "WHOP_PRO_PLAN_IDS",
      "OPENAI_API_KEY",
    ]);
  });

  it("reports every problem at once, one line each", () => {
    const attempt = () =>
      composeConfig({ ...base, PORT: "99999", DATABASE_URL: "mysql://nope", SESSION_SECRET: "short", OPENAI_BASE_URL: "ftp://x" });
    expect(attempt).toThrowError(ConfigError);
    const problems = (() => {
      try {
        attempt();
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems.map((p) => p.split(" ")[0])).toEqual(["PORT", "DATABASE_URL", "OPENAI_BASE_URL"]);
    const message = (() => {
      try {
        composeConfig({ ...base, APP_URL: "https://studio.example.com" });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message?.split("\n")[0]).toBe("Configuration error:");
    expect(message?.split("\n").slice(1, 5)).toEqual([
      expect.stringMatching(/^ {2}- SESSION_SECRETS is required in production/),
      expect.stringMatching(/^ {2}- WHOP_CLIENT_ID is required in production/),
      expect.stringMatching(/^ {2}- WHOP_WEBHOOK_SECRET is required in production/),
      expect.stringMatching(/^ {2}- DATABASE_URL is required in production/),
    ]);
  });

  it("splits comma lists and trims blanks", () => {
    const config = composeConfig({ ...base, WHOP_PRO_PLAN_IDS: " plan_a, plan_b ,,", ADMIN_EMAILS: "Boss@Example.com" });
    expect(config.whop.proPlanIds).toEqual(["plan_a", "plan_b"]);
    expect(config.adminEmails).toEqual(["boss@example.com"]);
  });
});
