// One model call for an admitted turn: streamText with the draft's limits, its UI message stream as
// the response, and how it ended turned into the outcome that is settled (stored) exactly once,
// before the response closes (ui-message-stream.ts holds that order).
import { streamText, UI_MESSAGE_STREAM_HEADERS } from "ai";
import { classifyProviderError, type ProviderFailure, reportProviderError } from "./errors";
import type { ModelEntry } from "./models";
import type { Usage } from "./outputs";
import type { ModelPrompt } from "./prompt";
import { type DraftPart, type PartReader, type StreamEnding, writeUIMessageStream } from "./ui-message-stream";

export interface StreamOutcome {
  status: "complete" | "aborted" | "failed";
  text: string;
  usage?: Usage;
  failure?: ProviderFailure;
}

export interface DraftMetadata {
  outputId: string;
  model: string;
  modelLabel: string;
}

export interface ModelCall {
  entry: ModelEntry;
  maxRetries: number;
  /** The longest silence between two parts of the model's stream before the call is given up. */
  idleTimeoutMs: number;
  prompt: ModelPrompt;
  maxOutputTokens: number;
  /** The request's signal: the client going away or pressing Stop aborts the call. */
  signal: AbortSignal;
  metadata: DraftMetadata;
  requestId: string;
  settle(outcome: StreamOutcome): Promise<void>;
}

/** How a call ended. The client leaving (its signal, or the body cancelled) is a Stop. */
export function outcomeOf(ending: StreamEnding, signalAborted: boolean): Omit<StreamOutcome, "failure"> & { error?: unknown } {
  const usage = ending.usage
    ? { inputTokens: ending.usage.inputTokens, outputTokens: ending.usage.outputTokens, totalTokens: ending.usage.totalTokens }
    : undefined;
  const text = ending.text;
  const clientLeft = signalAborted || ending.cancelled;
  if (clientLeft) return { status: "aborted", text, usage };
  if (ending.error !== undefined) return { status: "failed", text, usage, error: ending.error };
  if (ending.finishReason === undefined || ending.finishReason === "error") {
    return { status: "failed", text, usage, error: new Error("The model's stream ended without finishing.") };
  }
  return { status: "complete", text, usage };
}

export async function streamModelCall(call: ModelCall): Promise<Response> {
  const result = streamText({
    model: call.entry.model,
    system: call.prompt.system,
    messages: call.prompt.messages,
    maxOutputTokens: call.maxOutputTokens,
    maxRetries: call.maxRetries,
    abortSignal: call.signal,
    timeout: { chunkMs: call.idleTimeoutMs },
    // Errors arrive as parts of the full stream, which the writer reads; nothing to do here.
    onError: () => {},
  });
  const errorText = (error: unknown) => classifyProviderError(error).message;
  const settle = async (ending: StreamEnding) => {
    const { error, ...outcome } = outcomeOf(ending, call.signal.aborted);
    const failure =
      outcome.status === "failed"
        ? reportProviderError(error, { requestId: call.requestId, outputId: call.metadata.outputId, model: call.metadata.model })
        : undefined;
    await call.settle({ ...outcome, failure });
  };
  const reader = await underWay(result.fullStream.getReader());
  const stoppedByClient = () => call.signal.aborted;
  const body = writeUIMessageStream(reader, { metadata: call.metadata, errorText, stoppedByClient, onEnd: settle });
  return new Response(body, {
    headers: {
      ...UI_MESSAGE_STREAM_HEADERS,
      "x-output-id": call.metadata.outputId,
      // no-transform keeps `next start` (and proxies) from gzipping the event stream: compression
      // buffers chunks and was the largest CPU cost per streamed draft in the benchmark.
      "cache-control": "no-store, no-transform",
    },
  });
}

/**
 * Reads ahead to the first part after `start`, which comes when the provider's response begins
 * (or the call failed or was aborted), and replays what it read. Answering only then lets Next's
 * work to send the response overlap the model's wait for its first token instead of delaying the
 * provider request.
 */
async function underWay(reader: ReadableStreamDefaultReader<DraftPart>): Promise<PartReader> {
  const ahead: Array<ReadableStreamReadResult<DraftPart> | { thrown: unknown }> = [];
  for (;;) {
    try {
      const read = await reader.read();
      ahead.push(read);
      if (read.done || read.value.type !== "start") break;
    } catch (thrown) {
      ahead.push({ thrown });
      break;
    }
  }
  return {
    read: async () => {
      const early = ahead.shift();
      if (!early) return reader.read();
      if ("thrown" in early) throw early.thrown;
      return early;
    },
    cancel: (reason) => reader.cancel(reason),
  };
}
