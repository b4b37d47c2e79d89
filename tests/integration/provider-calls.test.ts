// A model call end to end on the library path: the real @ai-sdk/openai client on the platform fetch
// (undici, keep-alive pool, headers timeout) with the SDK's own idle timeout, against a local HTTP
// server speaking Chat Completions, and every way a call can end badly. The outcome each case
// settles is what the app stores.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StreamOutcome, streamModelCall } from "@/server/generation/model-call";
import { createModelRegistry, type ModelEntry } from "@/server/generation/models";
import { freePort } from "../../devkit/servers";
import { testConfig } from "../support/context";
import { eventually, parseUIStream } from "../support/generation";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
let handler: Handler;
/** Paths whose reply the client walked away from before it ended, and the ports requests came from. */
const dropped: string[] = [];
const arrived: string[] = [];
const ports: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    ports.push(req.socket.remotePort ?? 0);
    arrived.push(req.url ?? "");
    req.resume();
    req.on("end", () => handler(req, res));
    res.on("close", () => {
      if (!res.writableEnded) dropped.push(req.url ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const chunk = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({
    id: "c1",
    object: "chat.completion.chunk",
    created: 0,
    model: "gpt-test",
    choices: [{ index: 0, delta: { role: "assistant", content }, finish_reason: finish }],
  })}\n\n`;
const head = (res: ServerResponse) => res.writeHead(200, { "content-type": "text/event-stream" });

/** The `gpt` model on Chat Completions at `url`, with 300 ms response and idle timeouts. */
function gptAt(url: string, timeouts = { responseMs: 300, idleMs: 300 }) {
  const config = testConfig({ OPENAI_API_KEY: "sk-test-000000000", OPENAI_BASE_URL: `${url}/v1`, OPENAI_API: "chat" });
  return createModelRegistry(config, { maxRetries: 0, timeouts });
}

async function draft(
  path: string,
  options: {
    signal?: AbortSignal;
    registry?: ReturnType<typeof gptAt>;
    deadlineMs?: number;
    heartbeats?: Array<string | undefined>;
    settle?: (outcome: StreamOutcome) => Promise<void>;
  } = {},
) {
  const registry = options.registry ?? gptAt(`${base}${path}`);
  const entry = registry.get("gpt") as ModelEntry;
  const outcomes: StreamOutcome[] = [];
  const response = await streamModelCall({
    entry,
    maxRetries: 0,
    idleTimeoutMs: registry.timeouts.idleMs,
    deadlineMs: options.deadlineMs ?? 60_000,
    startedAtMs: Date.now(),
    heartbeatMs: 50,
    heartbeat: async (text) => {
      options.heartbeats?.push(text);
    },
    prompt: { system: "Be brief.", messages: [{ role: "user", content: "Hi" }] },
    maxOutputTokens: 64,
    signal: options.signal ?? new AbortController().signal,
    metadata: { outputId: "out-1", model: "gpt", modelLabel: "GPT" },
    requestId: "req-1",
    logFields: { identityId: "identity-1", blueprint: "blog-post-outline", kind: "draft" },
    settle: async (outcome) => {
      outcomes.push(outcome);
      await options.settle?.(outcome);
    },
  });
  return { response, outcomes };
}

async function finished(path: string, options?: Parameters<typeof draft>[1]) {
  const { response, outcomes } = await draft(path, options);
  const read = await parseUIStream(await response.text());
  expect(outcomes).toHaveLength(1);
  return { read, outcome: outcomes[0] as StreamOutcome };
}

describe("a model call on the platform fetch", () => {
  it("streams the text and settles it complete; later calls reuse kept-alive connections", async () => {
    handler = (_req, res) => {
      head(res);
      res.write(chunk("Hello "));
      res.end(`${chunk("world", "stop")}data: [DONE]\n\n`);
    };
    ports.length = 0;
    const registry = gptAt(`${base}/ok`);
    const first = await finished("/ok", { registry });
    expect(first.read.text).toBe("Hello world");
    expect(first.outcome).toMatchObject({ status: "complete", text: "Hello world" });
    for (let i = 0; i < 3; i++) await finished("/ok", { registry });
    expect(ports).toHaveLength(4);
    // A new connection per call would be 4 ports; the pool reuses them (a reply's socket returns
    // to the pool a moment after its body ends, so a second one may open).
    expect(new Set(ports).size).toBeLessThanOrEqual(2);
  });

  it("a reader slower than the provider, but never silent for the idle limit, gets every word", async () => {
    const words = Array.from({ length: 16 }, (_, i) => `w${i} `);
    handler = (_req, res) => {
      head(res);
      res.end(`${words.map((w) => chunk(w)).join("")}${chunk("", "stop")}data: [DONE]\n\n`);
    };
    // The SDK's idle clock runs until its step ends, a few parts after the last text: a 1 s limit
    // leaves room for them at this pace.
    const { response, outcomes } = await draft("/slow-reader", {
      registry: gptAt(`${base}/slow-reader`, { responseMs: 1000, idleMs: 1000 }),
    });
    const reader = response.body!.getReader();
    const started = Date.now();
    let body = "";
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      body += new TextDecoder().decode(read.value);
      await new Promise((r) => setTimeout(r, 100)); // the reader's own pace, well within the limit
    }
    expect(Date.now() - started).toBeGreaterThan(1000); // the whole draft took longer than the limit
    expect((await parseUIStream(body)).text).toBe(words.join(""));
    expect(outcomes[0]).toMatchObject({ status: "complete" });
  });

  it("a server that never sends its headers fails as a provider timeout, and the connection is dropped", async () => {
    handler = () => {};
    const { read, outcome } = await finished("/silent");
    expect(outcome).toMatchObject({ status: "failed", text: "", failure: { code: "provider_timeout" } });
    expect(read.errorText).toMatch(/took too long/);
    await eventually(async () => (dropped.includes("/silent/v1/chat/completions") ? true : undefined));
  });

  it("a stream that goes quiet mid-way fails as a provider timeout and keeps what arrived", async () => {
    handler = (_req, res) => {
      head(res);
      res.write(chunk("Partial"));
    };
    const { read, outcome } = await finished("/stall");
    expect(read.text).toBe("Partial");
    expect(outcome).toMatchObject({ status: "failed", text: "Partial", failure: { code: "provider_timeout" } });
    await eventually(async () => (dropped.includes("/stall/v1/chat/completions") ? true : undefined));
  });

  it("a body cut mid-way fails as a broken stream and keeps what arrived", async () => {
    handler = (_req, res) => {
      head(res);
      res.write(chunk("Half"), () => setTimeout(() => res.socket?.destroy(), 20));
    };
    const { read, outcome } = await finished("/cut");
    expect(read.text).toBe("Half");
    expect(outcome).toMatchObject({ status: "failed", text: "Half", failure: { code: "provider_stream" } });
  });

  it("a provider that cannot be reached fails as down, with nothing produced", async () => {
    const port = await freePort();
    const { outcome } = await finished("", { registry: gptAt(`http://127.0.0.1:${port}`) });
    expect(outcome).toMatchObject({ status: "failed", text: "", failure: { code: "provider_down" } });
  });

  it("the user's Stop before the answer and mid-stream settles aborted and drops the connection", async () => {
    handler = () => {};
    const early = new AbortController();
    const before = draft("/abort-early", { signal: early.signal });
    await eventually(async () => (arrived.includes("/abort-early/v1/chat/completions") ? true : undefined));
    early.abort();
    const { response, outcomes } = await before;
    await response.text();
    expect(outcomes).toEqual([expect.objectContaining({ status: "aborted", text: "" })]);
    await eventually(async () => (dropped.includes("/abort-early/v1/chat/completions") ? true : undefined));

    handler = (_req, res) => {
      head(res);
      res.write(chunk("Some "));
    };
    const late = new AbortController();
    const during = await draft("/abort-late", { signal: late.signal });
    const reader = during.response.body!.getReader();
    let seen = "";
    while (!seen.includes("Some")) seen += new TextDecoder().decode((await reader.read()).value);
    late.abort();
    while (!(await reader.read()).done) {}
    expect(during.outcomes).toEqual([expect.objectContaining({ status: "aborted", text: "Some " })]);
    await eventually(async () => (dropped.includes("/abort-late/v1/chat/completions") ? true : undefined));
  });

  it("a client that stops reading (the body cancelled) settles aborted and drops the connection", async () => {
    handler = (_req, res) => {
      head(res);
      res.write(chunk("Some "));
    };
    const { response, outcomes } = await draft("/cancel");
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(outcomes).toEqual([expect.objectContaining({ status: "aborted" })]);
    await eventually(async () => (dropped.includes("/cancel/v1/chat/completions") ? true : undefined));
  });

  it("a draft past its deadline is stopped and stored failed (deadline) with its text, and the user reads why", async () => {
    let timer: NodeJS.Timeout | undefined;
    handler = (_req, res) => {
      head(res);
      let n = 0;
      timer = setInterval(() => res.write(chunk(`w${n++} `)), 40); // a model that never finishes
      res.on("close", () => clearInterval(timer));
    };
    const { read, outcome } = await finished("/endless", { deadlineMs: 400 });
    clearInterval(timer);
    expect(read.text.length).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ status: "failed", failure: { code: "deadline" } });
    expect(outcome.text).toBe(read.text);
    expect(read.errorText).toMatch(/time limit/);
  });

  it("a client that stops reading is let go after the idle limit; the draft is stored aborted with what was written", async () => {
    let timer: NodeJS.Timeout | undefined;
    handler = (_req, res) => {
      head(res);
      let n = 0;
      timer = setInterval(() => res.write(chunk(`${"x".repeat(200)}${n++} `)), 10);
      res.on("close", () => clearInterval(timer));
    };
    const { response, outcomes } = await draft("/unread");
    const reader = response.body!.getReader();
    let seen = "";
    while (!seen.includes("text-delta")) seen += new TextDecoder().decode((await reader.read()).value); // then never again
    await eventually(async () => (outcomes.length > 0 ? true : undefined), 10_000);
    clearInterval(timer);
    expect(outcomes[0]?.status).toBe("aborted");
    expect(outcomes[0]?.text.length).toBeGreaterThan(0);
    await expect(reader.read()).rejects.toBeDefined();
    await eventually(async () => (dropped.includes("/unread/v1/chat/completions") ? true : undefined));
  });

  it("while it streams, heartbeats carry the text so far (and only when it changed)", async () => {
    handler = (_req, res) => {
      head(res);
      const words = ["One ", "two ", "three."];
      let i = 0;
      const timer = setInterval(() => {
        const word = words[i++];
        if (word) res.write(chunk(word));
        else {
          clearInterval(timer);
          res.end(`${chunk("", "stop")}data: [DONE]\n\n`);
        }
      }, 120);
    };
    const heartbeats: Array<string | undefined> = [];
    const { outcome } = await finished("/beats", { heartbeats });
    expect(outcome.text).toBe("One two three.");
    const texts = heartbeats.filter((h) => h !== undefined);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((text) => "One two three.".startsWith(text as string))).toBe(true);
    expect(new Set(texts).size).toBe(texts.length); // an unchanged text is not written again
    expect(heartbeats).toContain(undefined); // the lease is renewed between words
  });

  it("a final save the database refuses is retried, then the user is told in the stream that it was not saved", async () => {
    handler = (_req, res) => {
      head(res);
      res.end(`${chunk("Hello", "stop")}data: [DONE]\n\n`);
    };
    let attempts = 0;
    const { response } = await draft("/unsaved", {
      settle: async () => {
        attempts++;
        throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      },
    });
    const read = await parseUIStream(await response.text());
    expect(read.text).toBe("Hello");
    expect(attempts).toBe(4);
    expect(read.chunks.at(-1)).toEqual({ type: "error", errorText: expect.stringMatching(/could not save this draft/) });
  });
});
