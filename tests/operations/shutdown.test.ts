// A rolling deploy loses no draft: on SIGTERM the server stops taking new work (health answers 503),
// lets the streams in flight finish for up to SHUTDOWN_GRACE_SECONDS, then stops the rest, each
// settled `aborted` with its text, and exits 0 with its port free.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "@/server/auth/cookies";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { sealSession } from "@/server/auth/session";
import { conversationNode, outputRecord } from "@/server/db/schema";
import { ensureBuild } from "../../devkit/build";
import { type ProviderServer, startProviderServer } from "../../devkit/providers/server";
import { type RunningApp, startApp, TEST_APP_SESSION_SECRET } from "../support/app-server";
import { testConfig } from "../support/context";
import { createTestDatabase, needsRealPostgres, type TestDatabase } from "../support/db";

describe.skipIf(needsRealPostgres("graceful shutdown of the app process"))("graceful shutdown", () => {
  let t: TestDatabase;
  let provider: ProviderServer;
  beforeAll(async () => {
    ensureBuild();
    t = await createTestDatabase();
    // 30 words, 100 ms apart: a draft takes about 3 seconds.
    provider = await startProviderServer({ chunks: Array.from({ length: 30 }, (_, i) => `word${i} `), chunkDelayMs: 100 });
  }, 900_000);
  afterAll(async () => {
    await provider?.close();
    await t?.drop();
  });

  const start = (graceSeconds: number) =>
    startApp({
      env: {
        DATABASE_URL: t.url,
        OPENAI_API_KEY: "sk-test-shutdown-0000",
        OPENAI_BASE_URL: provider.url,
        NEXT_MANUAL_SIG_HANDLE: "1",
        SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
        RATE_LIMIT_PER_MINUTE: "1000",
      },
    });

  async function cookieFor(app: RunningApp) {
    const whopId = `user_shutdown_${Date.now()}`;
    const { identity } = await upsertIdentityAtSignIn(t.db, { whopId, email: `${whopId}@example.com` }, new Date());
    const config = testConfig({ SESSION_SECRET: TEST_APP_SESSION_SECRET, APP_URL: app.url });
    return `${SESSION_COOKIE}=${encodeURIComponent(await sealSession(config, { identityId: identity.id, whopId, email: identity.email }, new Date()))}`;
  }

  async function draft(app: RunningApp, cookie: string) {
    const response = await fetch(`${app.url}/api/generate`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: app.url },
      body: JSON.stringify({ blueprintSlug: "blog-post-outline", userInput: "A long post", model: "gpt" }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    const body = (async () => {
      let text = "";
      try {
        for (let read = await reader.read(); !read.done; read = await reader.read()) text += new TextDecoder().decode(read.value);
      } catch {
        // the connection ended before the stream did
      }
      return text;
    })();
    return { outputId: response.headers.get("x-output-id") as string, body };
  }

  const port = (app: RunningApp) => Number(new URL(app.url).port);
  const stored = async (outputId: string) => {
    const [output] = await t.db.select().from(outputRecord).where(eq(outputRecord.id, outputId));
    const nodes = await t.db.select().from(conversationNode).where(eq(conversationNode.outputId, outputId));
    return { output, answer: nodes.find((n) => n.role === "assistant") };
  };

  it("a stream in flight finishes within the grace period; new work is refused meanwhile; then it exits 0", async () => {
    const app = await start(10);
    const cookie = await cookieFor(app);
    const { outputId, body } = await draft(app, cookie);
    app.signal("SIGTERM");
    await expect.poll(async () => (await fetch(`${app.url}/api/health`).catch(() => undefined))?.status, { timeout: 5_000 }).toBe(503);
    const refused = await fetch(`${app.url}/api/generate`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: app.url },
      body: JSON.stringify({ blueprintSlug: "blog-post-outline", userInput: "Another", model: "gpt" }),
    }).catch(() => undefined);
    if (refused) expect(refused.status).toBe(503);
    const text = await body;
    expect(text).toContain("word29");
    expect(text).toContain('"type":"finish"');
    expect(await app.exited).toBe(0);
    expect((await stored(outputId)).output?.status).toBe("complete");
    await expect(fetch(`http://127.0.0.1:${port(app)}/api/health`)).rejects.toThrow();
    await app.stop();
  }, 120_000);

  it("past the grace period the rest is stopped and stored aborted with its text, and it still exits 0", async () => {
    const app = await start(1);
    const cookie = await cookieFor(app);
    const { outputId, body } = await draft(app, cookie);
    app.signal("SIGTERM");
    await body;
    expect(await app.exited).toBe(0);
    const { output, answer } = await stored(outputId);
    expect(output?.status, app.output().slice(-3000)).toBe("aborted");
    expect(answer?.content).toMatch(/^word0 /);
    expect(answer?.content).not.toContain("word29");
    await app.stop();
  }, 120_000);
});
