// The benchmark's load generator: N concurrent streaming POSTs, each timed to its first text chunk
// (an OpenAI `output_text.delta` event or a UI-stream `text-delta`) and to its end.

export interface Target {
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

export interface Sample {
  /** Epoch ms (sub-ms) when the request was sent. */
  start: number;
  ttft: number;
  total: number;
  error?: string;
}

const clock = () => performance.timeOrigin + performance.now();
/** The first text of a draft, in an OpenAI Responses event stream or a UI message stream. */
const FIRST_TEXT = /"type":"(response\.output_text\.delta|text-delta)"/;

/**
 * Reads a draft's event stream to its end: `clock()` when its first text arrived (NaN when none
 * did) and at the end, and whether an error chunk came.
 */
export async function readDraft(body: ReadableStream<Uint8Array>, clock: () => number) {
  const decoder = new TextDecoder();
  let seen = "";
  let firstText = Number.NaN;
  let errorChunk = false;
  const reader = body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const text = decoder.decode(read.value, { stream: true });
    if (Number.isNaN(firstText)) {
      seen += text;
      if (FIRST_TEXT.test(seen)) firstText = clock();
    }
    if (text.includes('"type":"error"')) errorChunk = true;
  }
  return { firstText, end: clock(), errorChunk };
}

async function one(target: Target): Promise<Sample> {
  const start = clock();
  try {
    const response = await fetch(target.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...target.headers },
      body: JSON.stringify(target.body),
    });
    if (!response.ok || !response.body) return { start, ttft: Number.NaN, total: clock() - start, error: `HTTP ${response.status}` };
    const { firstText, end, errorChunk } = await readDraft(response.body, clock);
    const ttft = firstText - start;
    const total = end - start;
    if (errorChunk) return { start, ttft, total, error: "error chunk in stream" };
    if (Number.isNaN(ttft)) return { start, ttft, total, error: "no text arrived" };
    return { start, ttft, total };
  } catch (error) {
    return { start, ttft: Number.NaN, total: clock() - start, error: error instanceof Error ? error.message : String(error) };
  }
}

export function runBatch(target: Target, concurrency: number): Promise<Sample[]> {
  return Promise.all(Array.from({ length: concurrency }, () => one(target)));
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}
