// One model call for an admitted turn: streamText with the draft's limits, its UI message stream as
// the response, a heartbeat that keeps the turn's lease and checkpoints its text while it streams,
// and how it ended turned into the outcome that is settled exactly once, before the response
// closes (ui-message-stream.ts holds that order). Whatever stops it, the call ends:
// - the user's Stop or departure: aborted, the text kept;
// - the provider failing, going quiet (the SDK's idle timeout), or the draft passing its deadline:
//   failed with a code, the text kept;
// - a client that stops reading for longer than the idle limit: aborted, the text kept.
// A final save that fails is retried briefly; if it still fails the user is told in the stream, and
// the sweeper settles the turn from its last checkpoint once the lease runs out.
import { streamText, UI_MESSAGE_STREAM_HEADERS } from "ai";
import { isShutdownError, trackStream } from "../lifecycle";
import { log } from "../log";
import { modelCallTelemetry } from "../telemetry";
import { classifyProviderError, type ProviderFailure, reportProviderError } from "./errors";
import type { ModelEntry } from "./models";
import type { ModelPrompt } from "./prompt";
import type { Usage } from "./turns";
import { type DraftPart, type PartReader, type StreamEnding, writeUIMessageStream } from "./ui-message-stream";

export interface StreamOutcome {
  status: "complete" | "aborted" | "failed";
  text: string;
  usage?: Usage;
  failure?: ProviderFailure;
  /** Milliseconds from the call's start to the first text, when any came. */
  ttftMs?: number;
}

export interface DraftMetadata {
  outputId: string;
  model: string;
  modelLabel: string;
}

export interface ModelCall {
  entry: ModelEntry;
  maxRetries: number;
  /** The longest silence of the model's stream, and of a client that stops reading. */
  idleTimeoutMs: number;
  /** Past this the call is stopped and the draft stored with its text. */
  deadlineMs: number;
  prompt: ModelPrompt;
  maxOutputTokens: number;
  /** The request's signal: the client going away or pressing Stop aborts the call. */
  signal: AbortSignal;
  metadata: DraftMetadata;
  requestId: string;
  /** When the turn was admitted, by this process's clock (ms): its time to first token counts from here. */
  startedAtMs: number;
  /** How often the heartbeat runs while the call streams. */
  heartbeatMs: number;
  /** Renews the turn's lease and stores `text` (the text so far) when given. */
  heartbeat(text: string | undefined): Promise<void>;
  /** Stores how the call ended; throws when the database did not take it. */
  settle(outcome: StreamOutcome): Promise<void>;
  /** Who and what, for the one log line per outcome (never prompt or draft text). */
  logFields: { identityId: string; blueprint: string; kind: "draft" | "follow_up" };
}

/** The draft ran past GENERATION_DEADLINE_SECONDS. */
export class DeadlineError extends Error {
  constructor(seconds: number) {
    super(`The draft ran past its ${seconds}-second limit.`);
    this.name = "DeadlineError";
  }
}

/** The client stopped reading the stream for longer than the idle limit. */
export class ClientStalledError extends Error {
  constructor(ms: number) {
    super(`The client read nothing for ${ms} ms.`);
    this.name = "ClientStalledError";
  }
}

/** How a call ended. The client leaving (its signal, the body cancelled, or it stopped reading) is a Stop. */
export function outcomeOf(ending: StreamEnding, signalAborted: boolean): Omit<StreamOutcome, "failure" | "ttftMs"> & { error?: unknown } {
  const usage = ending.usage
    ? { inputTokens: ending.usage.inputTokens, outputTokens: ending.usage.outputTokens, totalTokens: ending.usage.totalTokens }
    : undefined;
  const text = ending.text;
  // A server restart ends the stream like a Stop: the text so far is kept as aborted.
  const clientLeft = signalAborted || ending.cancelled || ending.error instanceof ClientStalledError || isShutdownError(ending.error);
  if (clientLeft) return { status: "aborted", text, usage };
  if (ending.error !== undefined) return { status: "failed", text, usage, error: ending.error };
  if (ending.finishReason === undefined || ending.finishReason === "error") {
    return { status: "failed", text, usage, error: new Error("The model's stream ended without finishing.") };
  }
  return { status: "complete", text, usage };
}

/** Waits between the attempts of a final save: about 4 seconds in all before the sweeper's turn. */
const SAVE_RETRY_DELAYS_MS = [250, 1000, 2500];
const UNSAVED =
  "We could not save this draft just now. Copy it before you leave this page; what was written until a few seconds ago is kept.";

export async function streamModelCall(call: ModelCall): Promise<Response> {
  const result = streamText({
    model: call.entry.model,
    system: call.prompt.system,
    messages: call.prompt.messages,
    maxOutputTokens: call.maxOutputTokens,
    maxRetries: call.maxRetries,
    abortSignal: call.signal,
    timeout: { chunkMs: call.idleTimeoutMs },
    // The SDK's spans (ai.streamText…) only while this process exports traces (OTEL_EXPORTER_OTLP_ENDPOINT).
    experimental_telemetry: modelCallTelemetry(call.logFields.kind, {
      outputId: call.metadata.outputId,
      requestId: call.requestId,
      model: call.metadata.model,
      blueprint: call.logFields.blueprint,
    }),
    // Errors arrive as parts of the full stream, which the writer reads; nothing to do here.
    onError: () => {},
  });
  const errorText = (error: unknown) => classifyProviderError(error).message;
  let heartbeat: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;

  const store = async (outcome: StreamOutcome): Promise<string | undefined> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await call.settle(outcome);
        return undefined;
      } catch (error) {
        const wait = SAVE_RETRY_DELAYS_MS[attempt];
        if (wait === undefined) {
          log.error("could not store the generation's outcome; the sweeper will settle it", {
            requestId: call.requestId,
            outputId: call.metadata.outputId,
            error,
          });
          return UNSAVED;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  };
  let untrack = () => {};
  const onEnd = async (ending: StreamEnding): Promise<string | undefined> => {
    clearInterval(heartbeat);
    clearTimeout(deadline);
    const { error, ...outcome } = outcomeOf(ending, call.signal.aborted);
    const failure =
      outcome.status === "failed"
        ? reportProviderError(error, { requestId: call.requestId, outputId: call.metadata.outputId, model: call.metadata.model })
        : undefined;
    const ttftMs = ending.firstTextAt === undefined ? undefined : Math.max(0, ending.firstTextAt - call.startedAtMs);
    log.info("generation", {
      requestId: call.requestId,
      outputId: call.metadata.outputId,
      ...call.logFields,
      model: call.metadata.model,
      status: outcome.status,
      errorCode: failure?.code,
      inputTokens: outcome.usage?.inputTokens,
      outputTokens: outcome.usage?.outputTokens,
      ttftMs,
      durationMs: Date.now() - call.startedAtMs,
    });
    try {
      return await store({ ...outcome, failure, ttftMs });
    } finally {
      untrack();
    }
  };

  const reader = await underWay(result.fullStream.getReader());
  const writer = writeUIMessageStream(reader, {
    metadata: call.metadata,
    errorText,
    stoppedByClient: () => call.signal.aborted,
    onEnd,
  });

  untrack = trackStream((reason) => writer.stop(reason));
  let saved = "";
  let beating = false;
  heartbeat = setInterval(() => {
    const stalled = writer.unreadForMs(Date.now());
    if (stalled > call.idleTimeoutMs) {
      void writer.stop(new ClientStalledError(stalled));
      return;
    }
    if (beating) return;
    beating = true;
    const text = writer.text();
    call
      .heartbeat(text !== saved ? text : undefined)
      .then(() => {
        saved = text;
      })
      .catch((error) => log.warn("heartbeat not stored; retrying at the next one", { requestId: call.requestId, error }))
      .finally(() => {
        beating = false;
      });
  }, call.heartbeatMs);
  heartbeat.unref();
  deadline = setTimeout(() => void writer.stop(new DeadlineError(Math.round(call.deadlineMs / 1000))), call.deadlineMs);
  deadline.unref();

  return new Response(writer.body, {
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
