// The draft's hand-written UI message stream writer is held byte for byte to the AI SDK's own path
// (toUIMessageStream + createUIMessageStreamResponse) for every case a draft can meet, so an SDK
// upgrade that changes the protocol fails here. It also settles before it closes.
import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { createUIMessageStreamResponse, streamText, uiMessageChunkSchema } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { CallTimeoutError, type DraftPart, type StreamEnding, writeUIMessageStream } from "@/server/generation/ui-message-stream";

const metadata = { outputId: "out-1", model: "gpt", modelLabel: "GPT (gpt-4o)" };
const errorText = (e: unknown) => `Sorry: ${e instanceof Error ? e.message : String(e)}`;
const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 2, text: 2, reasoning: undefined },
};
const FINISH: LanguageModelV3StreamPart = { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage };
const START: LanguageModelV3StreamPart = { type: "stream-start", warnings: [] };

/**
 * A streamText call on a model that streams `parts`. `abortAfter` aborts the call's signal as the
 * model is about to send that many parts; `throwAtStart` makes the call fail before any output.
 */
function call(parts: LanguageModelV3StreamPart[], options: { abortAfter?: number; throwAtStart?: Error } = {}) {
  const controller = new AbortController();
  let sent = 0;
  const model = new MockLanguageModelV3({
    doStream: async () => {
      if (options.throwAtStart) throw options.throwAtStart;
      return {
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          pull(stream) {
            if (options.abortAfter !== undefined && sent === options.abortAfter) controller.abort();
            const part = parts[sent++];
            if (part) stream.enqueue(part);
            else stream.close();
          },
        }),
      };
    },
  });
  return streamText({ model, prompt: "Write.", maxRetries: 0, abortSignal: controller.signal, onError: () => {} });
}

type Options = Parameters<typeof call>[1];

async function sdkBytes(parts: LanguageModelV3StreamPart[], options?: Options): Promise<string> {
  const stream = call(parts, options).toUIMessageStream({
    messageMetadata: ({ part }) => (part.type === "start" || part.type === "finish" ? metadata : undefined),
    sendReasoning: false,
    onError: errorText,
  });
  return createUIMessageStreamResponse({ stream }).text();
}

async function ourBytes(parts: LanguageModelV3StreamPart[], options?: Options): Promise<{ bytes: string; ending: StreamEnding }> {
  let ending: StreamEnding | undefined;
  const { body } = writeUIMessageStream(call(parts, options).fullStream.getReader(), {
    metadata,
    errorText,
    // Every abort in these cases is the caller's own Stop, as the SDK sees it.
    stoppedByClient: () => true,
    onEnd: async (e) => {
      ending = e;
      return undefined;
    },
  });
  const bytes = await new Response(body).text();
  if (!ending) throw new Error("onEnd was not called before the body closed");
  return { bytes, ending };
}

/** Every `data:` line but [DONE], parsed and checked against the SDK's own chunk schema. */
async function chunksOf(bytes: string): Promise<Array<{ type: string } & Record<string, unknown>>> {
  const lines = bytes.split("\n\n").filter(Boolean);
  expect(lines.at(-1)).toBe("data: [DONE]");
  const chunks = [];
  for (const line of lines.slice(0, -1)) {
    expect(line.startsWith("data: ")).toBe(true);
    const validated = await uiMessageChunkSchema().validate?.(JSON.parse(line.slice(6)));
    if (!validated?.success) throw new Error(`not a UI message chunk: ${line}`);
    chunks.push(validated.value as { type: string } & Record<string, unknown>);
  }
  return chunks;
}

/**
 * The writer over a model stream that has sent `deltas` and then waits (it never ends by itself),
 * recording every ending it reports and whether the model stream was cancelled.
 */
function writerOverWaitingModel(deltas: string[], stoppedByClient: boolean) {
  const state = { upstreamCancelled: false, endings: [] as StreamEnding[] };
  const upstream = new ReadableStream<DraftPart>({
    start(controller) {
      for (const delta of deltas) controller.enqueue({ type: "text-delta", id: "t", text: delta });
    },
    cancel() {
      state.upstreamCancelled = true;
    },
  });
  const writer = writeUIMessageStream(upstream.getReader(), {
    metadata,
    errorText,
    stoppedByClient: () => stoppedByClient,
    onEnd: async (e) => {
      state.endings.push({ ...e });
      return undefined;
    },
  });
  return { writer, state };
}

async function expectSameBytes(parts: LanguageModelV3StreamPart[], options?: Options) {
  const sdk = await sdkBytes(parts, options);
  const ours = await ourBytes(parts, options);
  expect(ours.bytes).toBe(sdk);
  return { chunks: await chunksOf(ours.bytes), ending: ours.ending };
}

const text = (id: string, ...deltas: string[]): LanguageModelV3StreamPart[] => [
  { type: "text-start", id },
  ...deltas.map((delta) => ({ type: "text-delta" as const, id, delta })),
  { type: "text-end", id },
];

describe("the draft's UI message stream is byte-equal to the SDK's", () => {
  it("text only", async () => {
    const { chunks, ending } = await expectSameBytes([START, ...text("t", "Hello ", "world"), FINISH]);
    expect(chunks.map((c) => c.type)).toEqual([
      "start",
      "start-step",
      "text-start",
      "text-delta",
      "text-delta",
      "text-end",
      "finish-step",
      "finish",
    ]);
    expect(ending).toMatchObject({ text: "Hello world", finishReason: "stop", aborted: false, cancelled: false });
  });

  it("a finish with metadata and usage (and provider metadata on text parts)", async () => {
    const { chunks, ending } = await expectSameBytes([
      START,
      { type: "text-start", id: "t", providerMetadata: { openai: { itemId: "msg_1" } } },
      { type: "text-delta", id: "t", delta: "Hi" },
      { type: "text-end", id: "t", providerMetadata: { openai: { itemId: "msg_1" } } },
      { type: "finish", finishReason: { unified: "length", raw: "max_tokens" }, usage },
    ]);
    expect(chunks[0]).toEqual({ type: "start", messageMetadata: metadata });
    expect(chunks.at(-1)).toEqual({ type: "finish", finishReason: "length", messageMetadata: metadata });
    expect(ending.usage).toMatchObject({ inputTokens: 3, outputTokens: 2, totalTokens: 5 });
    expect(ending.finishReason).toBe("length");
  });

  it("an error before any text", async () => {
    const { chunks, ending } = await expectSameBytes([], { throwAtStart: new Error("overloaded") });
    expect(chunks).toContainEqual({ type: "error", errorText: "Sorry: overloaded" });
    expect(ending.text).toBe("");
    expect((ending.error as Error).message).toBe("overloaded");
  });

  it("an error after some text", async () => {
    const { chunks, ending } = await expectSameBytes([
      START,
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: "Half" },
      { type: "error", error: new Error("stream broke") },
      { type: "finish", finishReason: { unified: "error", raw: undefined }, usage },
    ]);
    expect(chunks).toContainEqual({ type: "error", errorText: "Sorry: stream broke" });
    expect(ending).toMatchObject({ text: "Half", finishReason: "error" });
  });

  it("an abort mid-draft", async () => {
    const { chunks, ending } = await expectSameBytes([START, ...text("t", "a", "b", "c"), FINISH], { abortAfter: 3 });
    expect(chunks.map((c) => c.type)).toContain("abort");
    expect(chunks.map((c) => c.type)).not.toContain("finish");
    expect(ending.aborted).toBe(true);
  });

  it("reasoning and sources are dropped the same way", async () => {
    const { chunks } = await expectSameBytes([
      START,
      { type: "reasoning-start", id: "r" },
      { type: "reasoning-delta", id: "r", delta: "thinking" },
      { type: "reasoning-end", id: "r" },
      { type: "source", sourceType: "url", id: "s1", url: "https://example.com", title: "Example" },
      ...text("t", "Answer"),
      FINISH,
    ]);
    expect(chunks.map((c) => c.type).filter((t) => t.startsWith("reasoning") || t.startsWith("source"))).toEqual([]);
  });

  it("tool and file parts, which a draft never asks for, are dropped where the SDK forwards them (the one difference)", async () => {
    const parts: LanguageModelV3StreamPart[] = [
      START,
      { type: "tool-input-start", id: "c1", toolName: "lookup" },
      { type: "tool-input-delta", id: "c1", delta: "{}" },
      { type: "tool-input-end", id: "c1" },
      { type: "tool-call", toolCallId: "c1", toolName: "lookup", input: "{}" },
      { type: "file", mediaType: "text/plain", data: "aGk=" },
      ...text("t", "Answer"),
      FINISH,
    ];
    const sdk = await chunksOf(await sdkBytes(parts));
    const ours = await chunksOf((await ourBytes(parts)).bytes);
    const draftOnly = sdk.filter((c) => !c.type.startsWith("tool-") && c.type !== "file");
    expect(sdk.length).toBeGreaterThan(draftOnly.length);
    expect(ours).toEqual(draftOnly);
  });
});

describe("how the writer ends", () => {
  it("awaits the settlement before it writes [DONE] and closes", async () => {
    let release: () => void = () => {};
    const settled = new Promise<void>((resolve) => {
      release = resolve;
    });
    let onEndCalled = false;
    const { body } = writeUIMessageStream(call([START, ...text("t", "Hi"), FINISH]).fullStream.getReader(), {
      metadata,
      errorText,
      stoppedByClient: () => false,
      onEnd: async () => {
        onEndCalled = true;
        await settled;
        return undefined;
      },
    });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const seen: string[] = [];
    // Read everything up to the finish chunk; the next read is the one that waits on onEnd.
    while (!seen.join("").includes('"type":"finish"')) {
      const read = await reader.read();
      if (read.done) throw new Error("closed before the finish chunk");
      seen.push(decoder.decode(read.value));
    }
    const next = reader.read();
    let resolved = false;
    void next.then(() => {
      resolved = true;
    });
    await expect.poll(() => onEndCalled).toBe(true);
    // The settlement is still pending, so neither [DONE] nor the close may have happened.
    await Promise.resolve();
    expect(resolved).toBe(false);
    release();
    const done = await next;
    expect(decoder.decode(done.value)).toBe("data: [DONE]\n\n");
    expect((await reader.read()).done).toBe(true);
  });

  it("a full stream that throws (a cut connection) ends with one error chunk, then settles", async () => {
    let pulls = 0;
    const cut = new ReadableStream(
      {
        pull(controller) {
          if (pulls++ === 0) controller.enqueue({ type: "text-delta", id: "t", text: "Half" });
          else controller.error(new TypeError("terminated"));
        },
      },
      { highWaterMark: 0 },
    );
    let ending: StreamEnding | undefined;
    const bytes = await new Response(
      writeUIMessageStream(cut.getReader(), {
        metadata,
        errorText,
        stoppedByClient: () => false,
        onEnd: async (e) => {
          ending = e;
          return undefined;
        },
      }).body,
    ).text();
    expect(await chunksOf(bytes)).toEqual([
      { type: "text-delta", id: "t", delta: "Half" },
      { type: "error", errorText: "Sorry: terminated" },
    ]);
    expect(ending).toMatchObject({ text: "Half", cancelled: false });
    expect(ending?.error).toMatchObject({ message: "terminated" });
  });

  it("an abort the client did not cause (the SDK's own timeout) is written as an error chunk", async () => {
    let ending: StreamEnding | undefined;
    const result = call([START, ...text("t", "a", "b", "c"), FINISH], { abortAfter: 3 });
    const bytes = await new Response(
      writeUIMessageStream(result.fullStream.getReader(), {
        metadata,
        errorText,
        stoppedByClient: () => false,
        onEnd: async (e) => {
          ending = e;
          return undefined;
        },
      }).body,
    ).text();
    const chunks = await chunksOf(bytes);
    expect(chunks.map((c) => c.type)).not.toContain("abort");
    expect(chunks.at(-1)).toEqual({ type: "error", errorText: "Sorry: This operation was aborted" });
    expect(ending?.error).toBeInstanceOf(CallTimeoutError);
  });

  it("a reader that goes away settles once, as cancelled, and cancels the model call", async () => {
    const { writer, state } = writerOverWaitingModel(["Par"], true);
    const reader = writer.body.getReader();
    await reader.read();
    await reader.cancel("client left");
    expect(state.endings).toEqual([expect.objectContaining({ text: "Par", aborted: false, cancelled: true })]);
    expect(state.upstreamCancelled).toBe(true);
  });

  it("a settlement the database did not take adds an error chunk saying so, before [DONE]", async () => {
    const { body } = writeUIMessageStream(call([START, ...text("t", "Hi"), FINISH]).fullStream.getReader(), {
      metadata,
      errorText,
      stoppedByClient: () => false,
      onEnd: async () => "We could not save this draft just now.",
    });
    const chunks = await chunksOf(await new Response(body).text());
    expect(chunks.at(-2)?.type).toBe("finish");
    expect(chunks.at(-1)).toEqual({ type: "error", errorText: "We could not save this draft just now." });
  });

  it("stopped while its reader reads: the model call is cancelled, the reason is written, then [DONE]", async () => {
    const { writer, state } = writerOverWaitingModel(["Par"], false);
    const reader = writer.body.getReader();
    await reader.read(); // the text; the next read waits on the model
    const rest = (async () => {
      let bytes = "";
      for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += new TextDecoder().decode(read.value);
      return bytes;
    })();
    await writer.stop(new Error("deadline"));
    expect(await rest).toBe('data: {"type":"error","errorText":"Sorry: deadline"}\n\ndata: [DONE]\n\n');
    expect(state.upstreamCancelled).toBe(true);
    expect(state.endings).toEqual([expect.objectContaining({ text: "Par", cancelled: false })]);
    expect(state.endings[0]?.error).toMatchObject({ message: "deadline" });
  });

  it("stopped while its reader has stopped reading: settled at once, and the body breaks", async () => {
    const { writer, state } = writerOverWaitingModel(["Par", "tial"], false);
    const reader = writer.body.getReader();
    await reader.read(); // takes "Par"; the body then holds "tial", which nobody reads
    await expect.poll(() => writer.unreadForMs(Date.now() + 1_000)).toBeGreaterThan(0);
    await writer.stop(new Error("stalled"));
    expect(state.endings).toEqual([expect.objectContaining({ text: "Partial" })]);
    await expect(reader.read()).rejects.toThrow("stalled");
  });
});
