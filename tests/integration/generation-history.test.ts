// History cap, thread pagination, follow-ups (metered, with the thread as context) and Stop.
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/generate/route";
import { GET as historyGET } from "@/app/api/history/route";
import { POST as followUpPOST, GET as threadGET } from "@/app/api/outputs/[id]/messages/route";
import { conversationNode, outputRecord } from "@/server/db/schema";
import type { ProviderServer } from "../../devkit/providers/server";
import type { TestDatabase } from "../support/db";
import {
  eventually,
  getWith,
  grantPro,
  installGenerationContext,
  postJson,
  providerConfig,
  readUIStream,
  type SignedIn,
  signIn,
  usedToday,
  withGenerationFixture,
} from "../support/generation";

let t: TestDatabase;
let provider: ProviderServer;
withGenerationFixture((database, server) => {
  t = database;
  provider = server;
});

/** A clock that moves one second per reading, so every output has its own time. */
function ticking(start = Date.parse("2026-04-01T08:00:00.000Z")) {
  let ms = start;
  return () => {
    ms += 1000;
    return new Date(ms);
  };
}

async function generate(user: SignedIn, userInput: string): Promise<string> {
  const response = await POST(
    postJson("/api/generate", { blueprintSlug: "blog-post-outline", userInput, model: "gpt" }, { cookie: user.cookie }),
  );
  expect(response.status).toBe(200);
  await readUIStream(response);
  return response.headers.get("x-output-id") ?? "";
}

async function followUp(user: SignedIn, outputId: string, content: string): Promise<Response> {
  return followUpPOST(postJson(`/api/outputs/${outputId}/messages`, { content }, { cookie: user.cookie }), {
    params: Promise.resolve({ id: outputId }),
  });
}

async function page(user: SignedIn, outputId: string, cursor?: string) {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
  const response = await threadGET(getWith(`/api/outputs/${outputId}/messages${query}`, user.cookie), {
    params: Promise.resolve({ id: outputId }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { nodes: Array<{ id: string; role: string; content: string }>; nextCursor: string | null };
}

describe("history", () => {
  it("the 21st output removes the oldest and its nodes; GET /api/history lists the newest 20 first", async () => {
    const now = ticking();
    const config = providerConfig(provider.url);
    installGenerationContext(t, config, { now });
    const user = await signIn(t.db, config, new Date("2026-04-01T08:00:00.000Z"));
    await grantPro(t.db, user.identity.id);
    const ids: string[] = [];
    for (let i = 1; i <= 21; i++) ids.push(await generate(user, `Brief number ${i}`));

    const remaining = await t.db.select({ id: outputRecord.id }).from(outputRecord).where(eq(outputRecord.userId, user.identity.id));
    expect(remaining).toHaveLength(20);
    expect(remaining.map((r) => r.id)).not.toContain(ids[0]);
    expect(await t.db.select().from(conversationNode).where(eq(conversationNode.outputId, ids[0]!))).toHaveLength(0);
    expect(
      await t.db
        .select()
        .from(conversationNode)
        .where(inArray(conversationNode.outputId, ids.slice(1))),
    ).toHaveLength(40);

    const history = (await (await historyGET(getWith("/api/history", user.cookie))).json()).outputs;
    expect(history.map((h: { id: string }) => h.id)).toEqual(ids.slice(1).reverse());
    expect(history[0]).toMatchObject({
      blueprintLabel: "Blog post outline",
      model: "gpt",
      modelLabel: "GPT (gpt-4o)",
      firstLine: "Draft",
      status: "complete",
    });
  });
});

describe("threads and follow-ups", () => {
  it("12 nodes with equal timestamps page as 5, 5 and 2, newest first, with no duplicate and no gap", async () => {
    const at = new Date("2026-04-02T09:00:00.000Z");
    const config = providerConfig(provider.url);
    installGenerationContext(t, config, { now: () => at });
    const user = await signIn(t.db, config, at);
    await grantPro(t.db, user.identity.id);
    const outputId = await generate(user, "First brief");
    for (let i = 1; i <= 5; i++) {
      const response = await followUp(user, outputId, `Follow-up ${i}`);
      expect(response.status).toBe(200);
      await readUIStream(response);
    }
    const first = await page(user, outputId);
    const second = await page(user, outputId, first.nextCursor ?? undefined);
    const third = await page(user, outputId, second.nextCursor ?? undefined);
    expect([first.nodes.length, second.nodes.length, third.nodes.length]).toEqual([5, 5, 2]);
    expect(third.nextCursor).toBeNull();
    const seen = [...first.nodes, ...second.nodes, ...third.nodes].map((n) => Number(n.id));
    const all = (await t.db.select({ id: conversationNode.id }).from(conversationNode).where(eq(conversationNode.outputId, outputId))).map(
      (n) => n.id,
    );
    expect(new Set(seen).size).toBe(12);
    expect(seen).toEqual([...all].sort((a, b) => b - a));
    expect(first.nodes[0]).toMatchObject({ role: "assistant" });
    expect(first.nodes[1]).toMatchObject({ role: "user", content: "Follow-up 5" });
    expect(third.nodes.at(-1)).toMatchObject({ role: "user", content: "First brief" });
  });

  it.each([
    ["garbage", "garbage"],
    ["a time the database cannot read", Buffer.from("1 2|1").toString("base64url")],
    ["a node id past bigint", Buffer.from("2026-04-01T08:00:00.000Z|99999999999999999999").toString("base64url")],
    ["extra parts", Buffer.from("2026-04-01T08:00:00.000Z|1|2").toString("base64url")],
  ])("a cursor that was not issued by the server (%s) is a 400 in the error shape, and no SQL fails", async (_what, cursor) => {
    const config = providerConfig(provider.url);
    installGenerationContext(t, config);
    const user = await signIn(t.db, config);
    const outputId = await generate(user, "Brief");
    const logged = vi.spyOn(console, "error");
    const response = await threadGET(getWith(`/api/outputs/${outputId}/messages?cursor=${encodeURIComponent(cursor)}`, user.cookie), {
      params: Promise.resolve({ id: outputId }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("bad_request:cursor");
    expect(logged).not.toHaveBeenCalled();
  });

  it("a follow-up sends the earlier thread as context and counts against the daily limit", async () => {
    const config = providerConfig(provider.url, { OPENAI_API: "chat" });
    installGenerationContext(t, config);
    const user = await signIn(t.db, config);
    const outputId = await generate(user, "Original brief");
    const response = await followUp(user, outputId, "Make it shorter.");
    expect((await readUIStream(response)).text).toBe("# Draft\n\nHello from the local provider.");
    const messages = provider.requests.at(-1)?.body.messages as Array<{ role: string; content: unknown }>;
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(JSON.stringify(messages[1])).toContain("Original brief");
    expect(JSON.stringify(messages[3])).toContain("Make it shorter.");
    expect(await usedToday(t.db, user.identity.id)).toBe(2);

    for (let i = 0; i < 3; i++) await readUIStream(await followUp(user, outputId, `More ${i}`));
    expect(await usedToday(t.db, user.identity.id)).toBe(5);
    const refused = await followUp(user, outputId, "One more.");
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe("limit_reached:daily");
  });

  it("a follow-up that fails before any output stores nothing and gives the unit back", async () => {
    const config = providerConfig(provider.url);
    installGenerationContext(t, config);
    const user = await signIn(t.db, config);
    const outputId = await generate(user, "Brief");
    vi.spyOn(console, "error").mockImplementation(() => {});
    provider.once({ chunks: [], failWith: 500 });
    const read = await readUIStream(await followUp(user, outputId, "Again."));
    expect(read.errorText).toMatch(/had a problem/);
    expect(await usedToday(t.db, user.identity.id)).toBe(1);
    expect(await t.db.select().from(conversationNode).where(eq(conversationNode.outputId, outputId))).toHaveLength(2);
  });
});

describe("Stop", () => {
  it("aborting mid-stream saves the partial text with status aborted (the unit stays used)", async () => {
    const config = providerConfig(provider.url);
    installGenerationContext(t, config);
    const user = await signIn(t.db, config);
    // The model sends five words and then goes quiet, so the reply is still under way when Stop
    // comes, however long this machine takes to get there.
    provider.once({ chunks: Array.from({ length: 20 }, (_, i) => `word${i} `), stallAfterChunks: 5 });
    const controller = new AbortController();
    const response = await POST(
      postJson(
        "/api/generate",
        { blueprintSlug: "blog-post-outline", userInput: "Long one", model: "gpt" },
        { cookie: user.cookie, signal: controller.signal },
      ),
    );
    const outputId = response.headers.get("x-output-id") ?? "";
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes("word2 ")) seen += decoder.decode((await reader.read()).value);
    controller.abort();
    await reader.cancel().catch(() => {});

    const output = await eventually(async () => {
      const [row] = await t.db.select().from(outputRecord).where(eq(outputRecord.id, outputId));
      return row?.status === "aborted" ? row : undefined;
    });
    expect(output.finishedAt).toBeInstanceOf(Date);
    const nodes = await t.db.select().from(conversationNode).where(eq(conversationNode.outputId, outputId)).orderBy(conversationNode.id);
    const partial = nodes.find((n) => n.role === "assistant");
    expect(partial?.status).toBe("aborted");
    expect(partial?.content.startsWith("word0 word1 word2 ")).toBe(true);
    expect(partial?.content.length).toBeLessThan(Array.from({ length: 20 }, (_, i) => `word${i} `).join("").length);
    expect(await usedToday(t.db, user.identity.id)).toBe(1);
    await eventually(async () => (provider.disconnects > 0 ? true : undefined));
  });

  it("a client that goes away (cancels the body) counts as Stop: partial text stored as aborted", async () => {
    const config = providerConfig(provider.url);
    installGenerationContext(t, config);
    const user = await signIn(t.db, config);
    // Four parts, then silence: the reply cannot finish before the client leaves.
    provider.once({ chunks: Array.from({ length: 20 }, (_, i) => `part${i} `), stallAfterChunks: 4 });
    const response = await POST(
      postJson("/api/generate", { blueprintSlug: "blog-post-outline", userInput: "Leaving", model: "gpt" }, { cookie: user.cookie }),
    );
    const outputId = response.headers.get("x-output-id") ?? "";
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes("part1 ")) seen += decoder.decode((await reader.read()).value);
    await reader.cancel();
    const output = await eventually(async () => {
      const [row] = await t.db.select().from(outputRecord).where(eq(outputRecord.id, outputId));
      return row?.status === "aborted" ? row : undefined;
    });
    expect(output.status).toBe("aborted");
    const [assistant] = await t.db
      .select()
      .from(conversationNode)
      .where(eq(conversationNode.outputId, outputId))
      .orderBy(conversationNode.id)
      .offset(1);
    expect(assistant?.content.startsWith("part0 part1 ")).toBe(true);
  });
});
