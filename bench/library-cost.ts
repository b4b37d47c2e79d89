// `npm run bench:library`: what the library path costs in CPU per draft, without the framework or
// the database. One process calls the local OpenAI-protocol server (bench/provider.ts: the bench's
// 20 chunks, here 1 ms apart so that each arrives on its own, as a model's do) four ways, in
// alternating blocks, and times the process's CPU to the first text and to the end of each draft:
// - platform fetch: the request and its event stream read to the end (what a forwarding route does);
// - provider client: the app's provider client alone (`doStream`, what `streamText` calls), its
//   stream of parts read to the end: the wire protocol, without `streamText`'s own layers;
// - AI SDK: `streamText` with the app's provider client, its full stream read to the end;
// - app model call: `streamModelCall`, the app's whole path after admission (the SDK, the UI
//   message stream writer, the heartbeat and deadline timers, the outcome handed to `settle`,
//   here a no-op), its response body read to the end. Its one log line per draft is silenced.
// BENCH_ASYNC_STORES=5 first enables that many AsyncLocalStorage instances, as many as a Next.js
// server has enabled once it has served pages and route handlers: on Node 20 and 22 each one adds
// work to every promise the process creates (README, Benchmark).
// Localhost only; every loop is bounded.
import { AsyncLocalStorage } from "node:async_hooks";
import { streamText } from "ai";
import { loadConfig } from "../src/server/config";
import { streamModelCall } from "../src/server/generation/model-call";
import { createModelRegistry } from "../src/server/generation/models";
import { percentile, readDraft } from "./load";
import { startProvider } from "./setup";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const ASYNC_STORES = Number(process.env.BENCH_ASYNC_STORES ?? 0);
const REPEATS = 3;
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

interface Cost {
  firstText: number[];
  whole: number[];
}

/** The CPU a draft's stream of parts took (since `startedAt`) to its first text delta and to its end. */
async function readParts(parts: ReadableStream<{ type: string }>, startedAt: number) {
  let firstText = Number.NaN;
  const reader = parts.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read())
    if (read.value.type === "text-delta" && Number.isNaN(firstText)) firstText = cpuMs() - startedAt;
  return { firstText, whole: cpuMs() - startedAt };
}

/** The CPU a draft's event stream took (since `startedAt`) to its first text and to its end. */
async function readBytes(body: ReadableStream<Uint8Array>, startedAt: number) {
  const { firstText, end, errorChunk } = await readDraft(body, cpuMs);
  if (errorChunk) throw new Error("an error chunk in the stream");
  return { firstText: firstText - startedAt, whole: end - startedAt };
}

async function main(): Promise<void> {
  const stores = Array.from({ length: ASYNC_STORES }, () => new AsyncLocalStorage<object>());
  for (const store of stores) store.enterWith({});
  process.env.BENCH_FIRST_MS = "0";
  process.env.BENCH_CHUNK_MS = "1";
  const provider = await startProvider();
  try {
    const config = loadConfig({
      SESSION_SECRET: "library-cost-not-a-secret-0123456789abcdef",
      WHOP_WEBHOOK_SECRET: "ws_library_cost_not_a_secret",
      OPENAI_API_KEY: "sk-bench-not-a-real-key",
      OPENAI_BASE_URL: provider.url,
      APP_URL: "http://localhost:3000",
      DATABASE_URL: "postgres://127.0.0.1:5432/unused",
    });
    const registry = createModelRegistry(config);
    const entry = registry.get("gpt");
    if (!entry) throw new Error("the GPT model is not configured");
    const brief = "Benchmark brief";
    const prompt = { system: "Write a blog post outline.", messages: [{ role: "user" as const, content: brief }] };

    const ways: Record<string, () => Promise<{ firstText: number; whole: number }>> = {
      "platform fetch": async () => {
        const startedAt = cpuMs();
        const response = await fetch(`${provider.url}/responses`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer sk-bench-not-a-real-key" },
          body: JSON.stringify({ model: entry.providerModelId, stream: true, input: [{ role: "user", content: brief }] }),
        });
        return readBytes(response.body as ReadableStream<Uint8Array>, startedAt);
      },
      "provider client": async () => {
        const startedAt = cpuMs();
        const { stream } = await entry.model.doStream({
          prompt: [
            { role: "system", content: prompt.system },
            { role: "user", content: [{ type: "text", text: brief }] },
          ],
        });
        return readParts(stream, startedAt);
      },
      "AI SDK": async () => {
        const startedAt = cpuMs();
        const result = streamText({ model: entry.model, ...prompt, maxRetries: registry.maxRetries, onError: () => {} });
        return readParts(result.fullStream, startedAt);
      },
      "app model call": async () => {
        const startedAt = cpuMs();
        const response = await streamModelCall({
          entry,
          maxRetries: registry.maxRetries,
          idleTimeoutMs: registry.timeouts.idleMs,
          deadlineMs: config.generation.deadlineSeconds * 1000,
          prompt,
          maxOutputTokens: config.ai.maxOutputTokens,
          signal: new AbortController().signal,
          metadata: { outputId: "bench-output", model: entry.id, modelLabel: entry.label },
          requestId: "bench-request",
          logFields: { identityId: "bench-identity", blueprint: "blog-post-outline", kind: "draft" },
          startedAtMs: Date.now(),
          heartbeatMs: 5_000,
          heartbeat: async () => {},
          settle: async () => {},
        });
        return readBytes(response.body as ReadableStream<Uint8Array>, startedAt);
      },
    };

    const costs = new Map<string, Cost>(Object.keys(ways).map((way) => [way, { firstText: [], whole: [] }]));
    const log = console.log;
    console.log = () => {};
    try {
      // The first repeat warms up (JIT, connections) and is not counted.
      for (let repeat = 0; repeat <= REPEATS; repeat++) {
        for (const [way, draft] of Object.entries(ways)) {
          for (let i = 0; i < ROUNDS; i++) {
            const { firstText, whole } = await draft();
            if (Number.isNaN(firstText)) throw new Error(`${way}: no text arrived`);
            if (repeat === 0) continue;
            costs.get(way)?.firstText.push(firstText);
            costs.get(way)?.whole.push(whole);
          }
        }
      }
    } finally {
      console.log = log;
    }

    console.log(
      `CPU per draft (20 chunks), median of ${ROUNDS * REPEATS} drafts each, in ms, on Node ${process.versions.node} with ${stores.length} AsyncLocalStorage instances enabled:`,
    );
    console.log(`  ${"".padEnd(16)} ${"to first text".padStart(13)} ${"whole draft".padStart(12)}`);
    for (const [way, cost] of costs) {
      console.log(
        `  ${way.padEnd(16)} ${percentile(cost.firstText, 50).toFixed(2).padStart(13)} ${percentile(cost.whole, 50).toFixed(2).padStart(12)}`,
      );
    }
  } finally {
    provider.child.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(`Library cost benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
