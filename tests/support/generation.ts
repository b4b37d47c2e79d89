// Helpers for the generation tests: signed-in identities (a real sealed cookie), grants, Request
// objects for the route handlers, a reader for the UI message stream, and contexts whose model
// registry points at the local protocol servers.
import { randomUUID } from "node:crypto";
import { uiMessageChunkSchema } from "ai";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { SESSION_COOKIE } from "@/server/auth/cookies";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { sealSession } from "@/server/auth/session";
import type { AppConfig } from "@/server/config";
import { type AppContext, type ContextParts, composeContext, setAppContext } from "@/server/context";
import type { Database, Db } from "@/server/db/client";
import { type AppIdentity, accessGrant, billingTier } from "@/server/db/schema";
import { type ProviderServer, startProviderServer } from "../../devkit/providers/server";
import { testConfig } from "./context";
import { createTestDatabase, type TestDatabase } from "./db";

export const BASE = "http://localhost:3000";

/**
 * The setup every generation test file shares: its own database and a local provider-protocol
 * server for the whole file (handed over through `use`), and a clean context, request log and
 * mocks after each test.
 */
export function withGenerationFixture(
  use: (database: TestDatabase, provider: ProviderServer) => void,
  scenario: Parameters<typeof startProviderServer>[0] = {},
): void {
  let database: TestDatabase | undefined;
  let provider: ProviderServer | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    provider = await startProviderServer(scenario);
    use(database, provider);
  });
  afterAll(async () => {
    await provider?.close();
    await database?.drop();
  });
  afterEach(() => {
    setAppContext(undefined);
    if (provider) provider.requests.length = 0;
    vi.restoreAllMocks();
  });
}

/** A config whose claude/gpt point at a local protocol server, with a rate limit that stays out of the way. */
export function providerConfig(providerUrl: string, env: Record<string, string> = {}): AppConfig {
  return testConfig({
    OPENAI_API_KEY: "sk-test-openai-key-000000",
    OPENAI_BASE_URL: providerUrl,
    OPENAI_MODEL: "gpt-4o",
    ANTHROPIC_API_KEY: "sk-ant-test-key-000000",
    ANTHROPIC_BASE_URL: providerUrl,
    ANTHROPIC_MODEL: "claude-sonnet-4-5",
    RATE_LIMIT_PER_MINUTE: "1000",
    ...env,
  });
}

/** Installs a context for the route handlers; the registry is built from the config unless given. */
export function installGenerationContext(
  database: Database,
  config: AppConfig,
  options: { registry?: ContextParts["registry"]; now?: () => Date } = {},
): AppContext {
  const ctx = composeContext({ config, database, now: options.now, registry: { maxRetries: 0, ...options.registry } });
  setAppContext(ctx);
  return ctx;
}

export interface SignedIn {
  identity: AppIdentity;
  cookie: string;
}

/** A fresh identity (FREE grant) and its session cookie, sealed at `now` (match the context's clock). */
export async function signIn(db: Db, config: AppConfig, now = new Date()): Promise<SignedIn> {
  const whopId = `user_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const email = `${whopId}@example.com`;
  const { identity } = await upsertIdentityAtSignIn(db, { whopId, email }, now);
  const sealed = await sealSession(config, { identityId: identity.id, whopId, email }, now);
  return { identity, cookie: `${SESSION_COOKIE}=${encodeURIComponent(sealed)}` };
}

/** Gives the identity a Whop PRO grant with the given status. */
export async function grantPro(db: Db, userId: string, status: "ACTIVE" | "EXPIRED" = "ACTIVE"): Promise<void> {
  const [pro] = await db.select({ id: billingTier.id }).from(billingTier).where(eq(billingTier.name, "PRO"));
  await db.insert(accessGrant).values({
    userId,
    tierId: pro!.id,
    status,
    source: "whop",
    whopMembershipId: `mem_${randomUUID()}`,
  });
}

/** Sets today's used count directly (as if earlier generations happened). */
export async function setUsedToday(db: Db, userId: string, count: number, now = new Date()): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  await db.execute(sql`INSERT INTO usage_counter (user_id, day, count) VALUES (${userId}, ${day}::date, ${count})
    ON CONFLICT (user_id, day) DO UPDATE SET count = EXCLUDED.count`);
}

export async function usedToday(db: Db, userId: string, now = new Date()): Promise<number> {
  const day = now.toISOString().slice(0, 10);
  const result = (await db.execute(sql`SELECT count FROM usage_counter WHERE user_id = ${userId} AND day = ${day}::date`)) as unknown as {
    rows: { count: number }[];
  };
  return Number(result.rows[0]?.count ?? 0);
}

export function postJson(
  path: string,
  body: unknown,
  options: { cookie?: string; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Request {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: options.signal,
  });
}

export function getWith(path: string, cookie?: string): Request {
  return new Request(`${BASE}${path}`, { headers: cookie ? { cookie } : {} });
}

export interface UIStreamRead {
  chunks: Array<Record<string, unknown> & { type: string }>;
  text: string;
  errorText?: string;
  metadata?: Record<string, unknown>;
}

/** Reads a UI message stream response to its end. */
export async function readUIStream(response: Response): Promise<UIStreamRead> {
  return parseUIStream(await response.text());
}

/**
 * The chunks of a UI message stream body, each validated against the AI SDK's own chunk schema
 * (what useChat accepts), with the text, error and metadata they carry.
 */
export async function parseUIStream(body: string): Promise<UIStreamRead> {
  const chunks: UIStreamRead["chunks"] = [];
  for (const line of body.split("\n")) {
    if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
    const validated = await uiMessageChunkSchema().validate?.(JSON.parse(line.slice(6)));
    if (!validated?.success) throw new Error(`not a UI message chunk the SDK accepts: ${line}`);
    chunks.push(validated.value as UIStreamRead["chunks"][number]);
  }
  const text = chunks
    .filter((c) => c.type === "text-delta")
    .map((c) => String(c.delta))
    .join("");
  const error = chunks.find((c) => c.type === "error");
  const withMeta = chunks.find((c) => c.messageMetadata !== undefined);
  return {
    chunks,
    text,
    errorText: error ? String(error.errorText) : undefined,
    metadata: withMeta?.messageMetadata as Record<string, unknown>,
  };
}

/** Polls until the check passes (bounded), for outcomes settled after a client walked away. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
