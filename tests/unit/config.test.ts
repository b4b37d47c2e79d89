import { describe, expect, it } from "vitest";
import { composeConfig } from "@/server/app-config";
import { ConfigError, loadConfig } from "@/server/config";

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
    const prod = { ...base, APP_URL: "https://studio.example.com" };
    expect(() => loadConfig(prod)).toThrowError(/SESSION_SECRETS is required in production/);
    expect(() => loadConfig({ ...prod, SESSION_SECRET: "x".repeat(32) })).toThrowError(/WHOP_CLIENT_ID is required in production/);
    const full = {
      ...prod,
      SESSION_SECRET: "x".repeat(32),
      WHOP_CLIENT_ID: "app_123",
      WHOP_WEBHOOK_SECRET: "ws_abc",
      DATABASE_URL: "postgres://u@db.example.com/app",
    };
    const config = loadConfig(full);
    expect(config.isProduction).toBe(true);
    expect(config.whop.oauthIssuer).toBe("https://api.whop.com");
    expect(config.local).toMatchObject({ database: false, signIn: false });
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
    expect(message?.split("\n").slice(1)).toEqual([
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
