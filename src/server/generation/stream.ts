// Runs one model call and turns it into the UI message stream response. Whatever ends the call
// (finish, the user's Stop or departure, a provider failure, a cut stream) settles it exactly once,
// and the response only closes after that settlement is stored, so a client that reads to the end
// and then reloads sees the final record. The response is the only reader of the model stream (no
// second tee branch), which keeps the per-chunk cost down.
import { type LanguageModelUsage, streamText, type TextStreamPart, type ToolSet, UI_MESSAGE_STREAM_HEADERS, type UIMessageChunk } from "ai";
import { log } from "../log";
import { classifyProviderError, type ProviderFailure, reportProviderError } from "./errors";
import type { ModelEntry } from "./models";
import type { Usage } from "./outputs";
import type { ModelPrompt } from "./prompt";
import { uiChunkOf } from "./ui-chunks";

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

export interface StreamJob {
  entry: ModelEntry;
  maxRetries: number;
  prompt: ModelPrompt;
  maxOutputTokens: number;
  /** The request's signal: the client going away or pressing Stop aborts the call. */
  signal: AbortSignal;
  metadata: DraftMetadata;
  requestId: string;
  settle(outcome: StreamOutcome): Promise<void>;
}

function usageOf(usage: LanguageModelUsage | undefined): Usage | undefined {
  if (!usage) return undefined;
  return { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.totalTokens };
}

export async function streamDraft(job: StreamJob): Promise<Response> {
  let text = "";
  let error: unknown;
  let settled: Promise<void> | undefined;
  const end = (status: StreamOutcome["status"], usage?: Usage): Promise<void> => {
    if (settled) return settled;
    const failure =
      status === "failed"
        ? reportProviderError(error, { requestId: job.requestId, outputId: job.metadata.outputId, model: job.metadata.model })
        : undefined;
    settled = job
      .settle({ status, text, usage, failure })
      .catch((e) =>
        log.error("could not store the generation's outcome", { requestId: job.requestId, outputId: job.metadata.outputId, error: e }),
      );
    return settled;
  };

  const result = streamText({
    model: job.entry.model,
    system: job.prompt.system,
    messages: job.prompt.messages,
    maxOutputTokens: job.maxOutputTokens,
    maxRetries: job.maxRetries,
    abortSignal: job.signal,
    onChunk: ({ chunk }) => {
      if (chunk.type === "text-delta") text += chunk.text;
    },
    onError: ({ error: e }) => {
      error ??= e;
    },
    onAbort: () => {
      void end("aborted");
    },
    onFinish: (event) => {
      void end(error !== undefined || event.finishReason === "error" ? "failed" : "complete", usageOf(event.totalUsage));
    },
  });
  const errorText = (e: unknown) => classifyProviderError(e).message;
  // A provider stream that breaks (cut connection, timeout) errors the SDK's stream instead of
  // sending an error part; turn that into the same clear error chunk, then close once stored. A
  // client that goes away (the body is cancelled) is a Stop: the text so far is stored as aborted.
  // This one stream turns the full stream's parts into UI message chunks (ui-chunks.ts) and writes
  // the SSE bytes (what createUIMessageStreamResponse's JSON-to-SSE and text-encoder stages would
  // write, byte for byte): six fewer stream stages per chunk than toUIMessageStream and the SDK's
  // response helper.
  const reader = result.fullStream.getReader();
  // Answer only once the provider call is under way (the first part after `start` comes when the
  // provider's response begins, or the call failed or was aborted): Next's work to send our response
  // then overlaps the model's wait for its first token instead of delaying the provider request.
  // The parts read ahead are replayed first.
  const ahead: Array<ReadableStreamReadResult<TextStreamPart<ToolSet>> | { failure: unknown }> = [];
  for (;;) {
    try {
      const read = await reader.read();
      ahead.push(read);
      if (read.done || read.value.type !== "start") break;
    } catch (failure) {
      ahead.push({ failure });
      break;
    }
  }
  const next = async () => {
    const early = ahead.shift();
    if (!early) return reader.read();
    if ("failure" in early) throw early.failure;
    return early;
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (let read = await next(); !read.done; read = await next()) {
          const chunk = uiChunkOf(read.value, job.metadata, errorText);
          if (chunk) return controller.enqueue(sse(chunk));
        }
      } catch (e) {
        error ??= e;
        controller.enqueue(sse({ type: "error", errorText: errorText(e) }));
      }
      await end(job.signal.aborted ? "aborted" : "failed");
      controller.enqueue(DONE);
      controller.close();
    },
    cancel: (reason) => {
      void end("aborted");
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    headers: {
      ...UI_MESSAGE_STREAM_HEADERS,
      "x-output-id": job.metadata.outputId,
      // no-transform keeps `next start` (and proxies) from gzipping the event stream: compression
      // buffers chunks and was the largest CPU cost per streamed draft in the benchmark.
      "cache-control": "no-store, no-transform",
    },
  });
}

const encoder = new TextEncoder();
const DONE = encoder.encode("data: [DONE]\n\n");
const sse = (chunk: UIMessageChunk): Uint8Array => encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`);
