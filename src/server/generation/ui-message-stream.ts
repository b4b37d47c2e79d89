// One draft's AI SDK UI message stream (the SSE bytes useChat reads), written straight from
// streamText's full stream in a single stream stage.
//
// Contract, held byte for byte to the SDK's toUIMessageStream({ messageMetadata, sendReasoning:
// false, onError }) + createUIMessageStreamResponse by tests/unit/ui-message-stream.test.ts:
// - `start` and `finish` carry the draft's metadata; start-step, text-start/-delta/-end,
//   finish-step, error {errorText} and abort {reason} are written as the SDK writes them.
// - Reasoning and sources are dropped, as the SDK drops them with those options. Tool and file
//   parts are dropped too (a draft asks for text and declares no tools), where the SDK would
//   forward them: the one intended difference, asserted by the same test.
// - A full stream that throws (a cut connection) ends with one error chunk instead of a broken
//   body, and an abort the client did not cause (the SDK's own timeout gave the call up) is written
//   as an error chunk instead of an abort: either way the user reads a sentence.
// - Settle before close: when the full stream ends, throws, or the reader goes away, `onEnd` is
//   awaited with how the draft ended BEFORE `data: [DONE]` is written and the body closes, so a
//   client that read to the end and reloads finds the stored record. When it could not be stored,
//   one more error chunk says so.
// Why hand-written: it costs measurably less CPU per draft than the SDK's path (README, Architecture).
import type { FinishReason, LanguageModelUsage, ProviderMetadata, TextStreamPart, ToolSet, UIMessageChunk } from "ai";

export type DraftPart = TextStreamPart<ToolSet>;

/** How the full stream ended, as the writer saw it. */
export interface StreamEnding {
  /** Every text delta, joined. */
  text: string;
  /** The `finish` part's reason and usage, when the stream got that far. */
  finishReason?: FinishReason;
  usage?: LanguageModelUsage;
  /** The first error: an error part, what the full stream threw, a CallTimeoutError, or why it was stopped. */
  error?: unknown;
  /** When the first text arrived (ms since the epoch). */
  firstTextAt?: number;
  /** An `abort` part arrived (the call's signal fired). */
  aborted: boolean;
  /** The reader went away (the client left or pressed Stop) before the end. */
  cancelled: boolean;
}

export interface UIMessageStreamOptions {
  /** The `start` and `finish` chunks' messageMetadata. */
  metadata: unknown;
  /** The sentence an error chunk carries (never the provider's raw error). */
  errorText: (error: unknown) => string;
  /** True when the client stopped the call (its Stop or departure), so an abort is theirs. */
  stoppedByClient: () => boolean;
  /**
   * Awaited before the stream closes; must not reject. Called once. Resolves to a sentence for the
   * user when the draft could not be stored (written as an error chunk before [DONE]).
   */
  onEnd: (ending: StreamEnding) => Promise<string | undefined>;
}

/** The SDK aborted the call without the client asking: its timeout gave the provider up. */
export class CallTimeoutError extends Error {
  constructor(reason: unknown) {
    super(typeof reason === "string" ? reason : "The model call timed out.");
    this.name = "TimeoutError";
  }
}

/** The UI chunk of one full-stream part, or undefined for parts a draft does not send. */
export function uiChunkOf(part: DraftPart, metadata: unknown, errorText: (error: unknown) => string): UIMessageChunk | undefined {
  switch (part.type) {
    case "text-start":
    case "text-end":
      return { type: part.type, id: part.id, ...providerMetadataOf(part) };
    case "text-delta":
      return { type: "text-delta", id: part.id, delta: part.text, ...providerMetadataOf(part) };
    case "start-step":
    case "finish-step":
      return { type: part.type };
    case "start":
      return { type: "start", messageMetadata: metadata };
    case "finish":
      return { type: "finish", finishReason: part.finishReason, messageMetadata: metadata };
    case "error":
      return { type: "error", errorText: errorText(part.error) };
    case "abort":
      return part;
    default:
      return undefined;
  }
}

const providerMetadataOf = (part: { providerMetadata?: ProviderMetadata }) =>
  part.providerMetadata != null ? { providerMetadata: part.providerMetadata } : {};

const encoder = new TextEncoder();
const DONE = encoder.encode("data: [DONE]\n\n");
const sse = (chunk: UIMessageChunk): Uint8Array => encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`);

/** What the writer needs of the full stream's reader. */
export type PartReader = Pick<ReadableStreamDefaultReader<DraftPart>, "read" | "cancel">;

export interface UIMessageStreamWriter {
  /** The response body. */
  body: ReadableStream<Uint8Array>;
  /** The draft's text so far. */
  text(): string;
  /** How long a chunk has sat unread in the body (0 while the reader keeps up and waits for us). */
  unreadForMs(now: number): number;
  /**
   * Ends the draft from outside (its deadline, a reader that stopped reading): the model call is
   * cancelled and the draft settled with `error`; a reader that is still reading gets the error
   * chunk and [DONE], one that stopped reading gets a broken body.
   */
  stop(error: unknown): Promise<void>;
}

/** The writer for a draft whose full stream `reader` reads (the only reader of it). */
export function writeUIMessageStream(reader: PartReader, options: UIMessageStreamOptions): UIMessageStreamWriter {
  const ending: StreamEnding = { text: "", aborted: false, cancelled: false };
  let ended: Promise<string | undefined> | undefined;
  const end = () => {
    ended ??= options.onEnd(ending);
    return ended;
  };
  const note = (part: DraftPart) => {
    if (part.type === "text-delta") {
      ending.text += part.text;
      ending.firstTextAt ??= Date.now();
    } else if (part.type === "error") ending.error ??= part.error;
    else if (part.type === "abort") ending.aborted = true;
    else if (part.type === "finish") {
      ending.finishReason = part.finishReason;
      ending.usage = part.totalUsage;
    }
  };
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  /** When the last chunk was handed over. */
  let handedOverAt = 0;
  /** A chunk sits unread: the reader has not taken what the body holds. */
  const consumerBehind = () => !closed && controller !== undefined && (controller.desiredSize ?? 1) <= 0;
  let stopped: unknown;
  let closed = false;
  /** Settles, then says so in the stream (the unsaved-draft sentence, or why it stopped) and closes. */
  const finish = async (stream: ReadableStreamDefaultController<Uint8Array>) => {
    const unsaved = await end();
    if (closed) return;
    closed = true;
    if (stopped !== undefined) stream.enqueue(sse({ type: "error", errorText: options.errorText(stopped) }));
    if (unsaved) stream.enqueue(sse({ type: "error", errorText: unsaved }));
    stream.enqueue(DONE);
    stream.close();
  };
  const body = new ReadableStream<Uint8Array>({
    start(stream) {
      controller = stream;
    },
    async pull(stream) {
      try {
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          const part = read.value;
          if (stopped !== undefined) break;
          if (part.type === "abort" && !options.stoppedByClient()) {
            ending.error ??= new CallTimeoutError(part.reason);
            return handOver(stream, sse({ type: "error", errorText: options.errorText(ending.error) }));
          }
          note(part);
          const chunk = uiChunkOf(part, options.metadata, options.errorText);
          if (chunk) return handOver(stream, sse(chunk));
        }
      } catch (thrown) {
        if (stopped === undefined) {
          ending.error ??= thrown;
          stream.enqueue(sse({ type: "error", errorText: options.errorText(thrown) }));
        }
      }
      await finish(stream);
    },
    async cancel(reason) {
      closed = true;
      ending.cancelled = true;
      await Promise.all([end(), reader.cancel(reason).catch(() => {})]);
    },
  });
  const handOver = (stream: ReadableStreamDefaultController<Uint8Array>, bytes: Uint8Array) => {
    stream.enqueue(bytes);
    handedOverAt = Date.now();
  };
  return {
    body,
    text: () => ending.text,
    unreadForMs: (now) => (consumerBehind() ? Math.max(0, now - handedOverAt) : 0),
    async stop(error) {
      if (stopped !== undefined || closed) return;
      stopped = error;
      ending.error ??= error;
      const consumerStalled = consumerBehind();
      await reader.cancel(error).catch(() => {});
      // A reader still reading is answered by its pending pull; one that stopped reading is not
      // coming back for the rest: settle now and break the body so the connection is let go.
      if (consumerStalled && controller) {
        await end();
        closed = true;
        controller.error(error);
      }
    },
  };
}
