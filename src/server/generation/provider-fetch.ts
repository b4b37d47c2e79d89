// The fetch every provider client uses: a provider that does not answer, or goes quiet mid-stream,
// fails with ProviderTimeoutError (a provider failure with a clear message) instead of hanging.
// A caller's abort (the user pressing Stop) still passes through as an abort.

export class ProviderTimeoutError extends Error {
  constructor(phase: "response" | "stream", ms: number) {
    super(`The provider sent nothing for ${ms} ms (${phase}).`);
    this.name = "ProviderTimeoutError";
  }
}

export interface ProviderTimeouts {
  /** Until the response headers arrive. */
  responseMs: number;
  /** Longest silence between two body chunks. */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: ProviderTimeouts = { responseMs: 30_000, idleMs: 30_000 };

export function fetchWithTimeouts(timeouts: ProviderTimeouts, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const watchdog = new AbortController();
    const callerSignal = init?.signal ?? undefined;
    const signal = callerSignal ? AbortSignal.any([callerSignal, watchdog.signal]) : watchdog.signal;
    const timedOut = (phase: "response" | "stream", ms: number) => new ProviderTimeoutError(phase, ms);
    let timer = setTimeout(() => watchdog.abort(timedOut("response", timeouts.responseMs)), timeouts.responseMs);
    let response: Response;
    try {
      response = await base(input, { ...init, signal });
    } finally {
      clearTimeout(timer);
    }
    const body = response.body;
    if (!body) return response;
    const reader = body.getReader();
    const watched = new ReadableStream<Uint8Array>({
      async pull(controller) {
        timer = setTimeout(() => watchdog.abort(timedOut("stream", timeouts.idleMs)), timeouts.idleMs);
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          const stalled = watchdog.signal.aborted && !callerSignal?.aborted;
          controller.error(stalled ? watchdog.signal.reason : error);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel(reason) {
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    });
    return new Response(watched, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
