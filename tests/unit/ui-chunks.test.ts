// The draft's own part-to-chunk mapping writes exactly what the SDK's toUIMessageStream writes for
// the same streamText call, for a finished draft and for a provider error.
import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { simulateReadableStream, streamText, type UIMessageChunk } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { uiChunkOf } from "@/server/generation/ui-chunks";

const metadata = { outputId: "out-1", model: "gpt", modelLabel: "GPT (gpt-4o)" };
const errorText = (e: unknown) => `Sorry: ${e instanceof Error ? e.message : String(e)}`;
const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 2, text: 2, reasoning: undefined },
};

function call(parts: LanguageModelV3StreamPart[]) {
  return streamText({
    model: new MockLanguageModelV3({ doStream: async () => ({ stream: simulateReadableStream({ chunks: parts }) }) }),
    prompt: "Write.",
    onError: () => {},
  });
}

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) out.push(read.value);
  return out;
}

async function both(parts: LanguageModelV3StreamPart[]) {
  const sdk = await collect(
    call(parts).toUIMessageStream({
      messageMetadata: ({ part }) => (part.type === "start" || part.type === "finish" ? metadata : undefined),
      sendReasoning: false,
      onError: errorText,
    }),
  );
  const ours = (await collect(call(parts).fullStream))
    .map((part) => uiChunkOf(part, metadata, errorText))
    .filter((c): c is UIMessageChunk => c !== undefined);
  return { sdk, ours };
}

describe("UI message chunks of a draft", () => {
  it("a finished text draft (with reasoning, which is not sent) maps to the SDK's chunks", async () => {
    const { sdk, ours } = await both([
      { type: "stream-start", warnings: [] },
      { type: "reasoning-start", id: "r" },
      { type: "reasoning-delta", id: "r", delta: "thinking" },
      { type: "reasoning-end", id: "r" },
      { type: "text-start", id: "t", providerMetadata: { openai: { itemId: "msg_1" } } },
      { type: "text-delta", id: "t", delta: "Hello " },
      { type: "text-delta", id: "t", delta: "world" },
      { type: "text-end", id: "t" },
      { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
    ]);
    expect(ours).toEqual(sdk);
    expect(ours.map((c) => c.type)).toContain("text-delta");
  });

  it("a provider error part maps to the same error chunk", async () => {
    const { sdk, ours } = await both([
      { type: "stream-start", warnings: [] },
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: "Half" },
      { type: "error", error: new Error("overloaded") },
      { type: "finish", finishReason: { unified: "error", raw: undefined }, usage },
    ]);
    expect(ours).toEqual(sdk);
    expect(ours).toContainEqual({ type: "error", errorText: "Sorry: overloaded" });
  });
});
