// Server-sent events at a scripted pace: shared by the protocol writers.
import type { ServerResponse } from "node:http";

export interface Scenario {
  /** The reply, as the chunks it is streamed in. */
  chunks: string[];
  /** Delay before the first chunk and between chunks, in ms. */
  firstChunkDelayMs?: number;
  chunkDelayMs?: number;
  /** Answer with this HTTP status and a provider-shaped error body instead of a stream. */
  failWith?: 401 | 429 | 500 | 503;
  /** Destroy the socket after this many chunks (a stream cut mid-way). */
  cutAfterChunks?: number;
  /** Stop sending (but keep the connection open) after this many chunks. */
  stallAfterChunks?: number;
  usage?: { inputTokens: number; outputTokens: number };
}

/** Writes SSE lines for each chunk at the scenario's pace, honouring cut and stall. */
export async function paced(
  res: ServerResponse,
  scenario: Scenario,
  emit: { head: () => string; chunk: (text: string, index: number) => string; tail: (text: string) => string },
): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  res.write(emit.head());
  let text = "";
  for (const [index, chunk] of scenario.chunks.entries()) {
    if (res.destroyed) return;
    if (scenario.cutAfterChunks !== undefined && index >= scenario.cutAfterChunks) {
      // Let what was written reach the client first: a cut loses only what was never sent.
      await sleep(50);
      res.socket?.destroy();
      return;
    }
    if (scenario.stallAfterChunks !== undefined && index >= scenario.stallAfterChunks) return;
    const delay = index === 0 ? (scenario.firstChunkDelayMs ?? 0) : (scenario.chunkDelayMs ?? 0);
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return;
    res.write(emit.chunk(chunk, index));
    text += chunk;
  }
  res.end(emit.tail(text));
}

export function sse(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;
}

export function usageOf(scenario: Scenario, text: string): { inputTokens: number; outputTokens: number } {
  return scenario.usage ?? { inputTokens: 42, outputTokens: Math.max(1, Math.ceil(text.length / 4)) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
