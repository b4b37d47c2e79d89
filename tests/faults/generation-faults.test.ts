// Fault injection against the production build on a real PostgreSQL: the app process killed
// (SIGKILL) mid-stream and restarted on the same database, and the database lost at the final
// save (a TCP proxy between the app and PostgreSQL resets every connection). Whatever stopped the
// stream, nothing stays `streaming`: the record settles with the text checkpointed before the
// fault, and the daily unit is kept or given back by the usual rule.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "@/server/auth/cookies";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { sealSession } from "@/server/auth/session";
import { conversationNode, outputRecord, usageEvent } from "@/server/db/schema";
import { ensureBuild } from "../../devkit/build";
import { type ProviderServer, startProviderServer } from "../../devkit/providers/server";
import { type RunningApp, startApp, TEST_APP_SESSION_SECRET } from "../support/app-server";
import { testConfig } from "../support/context";
import { createTestDatabase, needsRealPostgres, type TestDatabase } from "../support/db";
import { eventually } from "../support/generation";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

const LEASE_SECONDS = 2;
/** The bound: nothing stays streaming more than 2 minutes after its stream stopped. */
const SETTLED_WITHIN_MS = 120_000;

describe.skipIf(needsRealPostgres("fault injection against the app process"))("generation faults", () => {
  let t: TestDatabase;
  let provider: ProviderServer;
  let proxy: TcpProxy;

  beforeAll(async () => {
    ensureBuild();
    t = await createTestDatabase();
    // A slow, long draft: 80 words, 100 ms apart, so a fault can land mid-stream.
    provider = await startProviderServer({ chunks: Array.from({ length: 80 }, (_, i) => `word${i} `), chunkDelayMs: 100 });
    proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(t.url as string).port || 5432) });
  }, 600_000);
  afterAll(async () => {
    await proxy?.close();
    await provider?.close();
    await t?.drop();
  });

  const appEnv = (databaseUrl: string) => ({
    DATABASE_URL: databaseUrl,
    OPENAI_API_KEY: "sk-test-faults-000000",
    OPENAI_BASE_URL: provider.url,
    STREAM_LEASE_SECONDS: String(LEASE_SECONDS),
    RATE_LIMIT_PER_MINUTE: "1000",
  });

  async function signedIn(app: RunningApp) {
    const whopId = `user_fault_${Date.now()}`;
    const { identity } = await upsertIdentityAtSignIn(t.db, { whopId, email: `${whopId}@example.com` }, new Date());
    const config = testConfig({ SESSION_SECRET: TEST_APP_SESSION_SECRET, APP_URL: app.url });
    const sealed = await sealSession(config, { identityId: identity.id, whopId, email: identity.email }, new Date());
    return { identity, cookie: `${SESSION_COOKIE}=${encodeURIComponent(sealed)}` };
  }

  /** Starts a draft and reads its stream until `words` words have arrived; returns the reader. */
  async function draftUntil(app: RunningApp, cookie: string, words: number) {
    const response = await fetch(`${app.url}/api/generate`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: app.url },
      body: JSON.stringify({ blueprintSlug: "blog-post-outline", userInput: "A long post, please.", model: "gpt" }),
    });
    expect(response.status).toBe(200);
    const outputId = response.headers.get("x-output-id") as string;
    const reader = response.body!.getReader();
    let seen = "";
    while ((seen.match(/word\d+/g) ?? []).length < words) seen += new TextDecoder().decode((await reader.read()).value);
    return { outputId, reader, seen };
  }

  const stateOf = async (outputId: string) => {
    const [output] = await t.db.select().from(outputRecord).where(eq(outputRecord.id, outputId));
    const nodes = await t.db.select().from(conversationNode).where(eq(conversationNode.outputId, outputId)).orderBy(conversationNode.id);
    const [event] = await t.db.select().from(usageEvent).where(eq(usageEvent.outputId, outputId));
    return { output, answer: nodes.find((n) => n.role === "assistant"), event };
  };

  it("the app killed mid-stream: after a restart the draft settles interrupted with the checkpointed text", async () => {
    let app = await startApp({ env: appEnv(t.url as string) });
    const { identity, cookie } = await signedIn(app);
    const { outputId, reader } = await draftUntil(app, cookie, 25); // 2.5 s of text: several heartbeats stored it
    app.signal("SIGKILL");
    await app.exited;
    await reader.cancel().catch(() => {});
    const killedAt = Date.now();
    const checkpointed = (await stateOf(outputId)).answer?.content ?? "";
    expect(checkpointed).toMatch(/^word0 word1 /);
    expect((await stateOf(outputId)).output?.status).toBe("streaming");

    app = await startApp({ env: appEnv(t.url as string) });
    try {
      const settled = await eventually(async () => {
        const state = await stateOf(outputId);
        return state.output?.status === "streaming" ? undefined : state;
      }, SETTLED_WITHIN_MS);
      expect(Date.now() - killedAt).toBeLessThan(SETTLED_WITHIN_MS);
      expect(settled.output).toMatchObject({ status: "failed", errorCode: "interrupted" });
      expect(settled.answer).toMatchObject({ status: "failed", errorCode: "interrupted" });
      expect(settled.answer?.content.startsWith(checkpointed)).toBe(true);
      expect(settled.event).toMatchObject({ status: "failed", errorCode: "interrupted", unitRefunded: false });
      expect(settled.event?.identityId).toBe(identity.id);
    } finally {
      await app.stop();
    }
  }, 300_000);

  it("the database lost at the final save: the user is told, and the draft settles from its checkpoint once the database is back", async () => {
    const app = await startApp({ env: appEnv(proxy.urlFor(t.url as string)) });
    try {
      const { cookie } = await signedIn(app);
      const { outputId, reader, seen } = await draftUntil(app, cookie, 25);
      proxy.refuse(); // the database goes away mid-stream
      let rest = seen;
      for (let read = await reader.read(); !read.done; read = await reader.read()) rest += new TextDecoder().decode(read.value);
      expect(rest).toContain("word79"); // the draft itself streamed to the end
      expect(rest).toMatch(/could not save this draft/);
      const stoppedAt = Date.now();

      proxy.restore();
      const settled = await eventually(async () => {
        const state = await stateOf(outputId);
        return state.output?.status === "streaming" ? undefined : state;
      }, SETTLED_WITHIN_MS);
      expect(Date.now() - stoppedAt).toBeLessThan(SETTLED_WITHIN_MS);
      expect(settled.output).toMatchObject({ status: "failed", errorCode: "interrupted" });
      expect(settled.answer?.content).toMatch(/^word0 word1 /);
      expect(app.output()).not.toMatch(/unhandled error|Unhandled|\n\s+at /);
    } finally {
      proxy.restore();
      await app.stop();
    }
  }, 300_000);
});
