// The fetch every provider client uses, on node:http/https with keep-alive agents. The AI SDK's
// clients only need fetch's shape (a JSON POST in, a Response with a streamed body out), and this
// costs far less per request and per streamed chunk than the global fetch: one web stream stage over
// the socket instead of undici's several plus a watchdog stage (measured by `npm run bench`).
// - A provider that does not answer, or goes quiet mid-stream, fails with ProviderTimeoutError (a
//   provider failure with a clear message) instead of hanging.
// - A caller's abort (the user pressing Stop) passes through as the signal's own AbortError.
// - A connection that cannot be made fails like fetch does (TypeError "fetch failed" with the
//   cause), which the SDK treats as a retryable network error; a body cut mid-way errors the body.
// - No Accept-Encoding is sent, so providers answer uncompressed (event streams are not compressed
//   anyway), and redirects are not followed (provider APIs do not redirect).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

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

// Keep-alive connections to the providers, shared by every request of the process. Idle sockets
// close after 4 s, before common server keep-alive timeouts (5 s and more) can race a reuse.
const transports = new Map([
  ["http:", { request: httpRequest, agent: new HttpAgent({ keepAlive: true, timeout: 4_000, scheduling: "lifo" }) }],
  ["https:", { request: httpsRequest, agent: new HttpsAgent({ keepAlive: true, timeout: 4_000, scheduling: "lifo" }) }],
]);

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

function bodyOf(init: RequestInit | undefined): string | Uint8Array | undefined {
  const body = init?.body;
  if (body == null) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError("The provider fetch sends only string or byte bodies.");
}

function responseHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  return headers;
}

/** Up to 64 KiB read ahead of the SDK before the socket is paused. */
const BUFFERED = new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 });

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export function providerFetch(timeouts: ProviderTimeouts = DEFAULT_TIMEOUTS): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const transport = transports.get(url.protocol);
      if (!transport) return reject(new TypeError("fetch failed", { cause: new Error(`Unsupported protocol ${url.protocol}`) }));
      const signal = init?.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const body = bodyOf(init);
      const headers = headersOf(init);
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));

      let settled = false;
      let streaming: ReadableStreamDefaultController<Uint8Array> | undefined;
      let timer: NodeJS.Timeout | undefined;
      /** The call is over: no clock, no abort listener. */
      const release = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const fail = (error: unknown) => {
        release();
        if (!settled) {
          settled = true;
          reject(error);
        } else if (streaming) {
          try {
            streaming.error(error);
          } catch {
            // the body already ended or was cancelled
          }
          streaming = undefined;
        }
      };
      /** Ends the call with `error` and drops its connection. */
      const stop = (error: unknown) => {
        fail(error);
        request.destroy();
      };
      const onAbort = () => stop(signal?.reason);
      const timeout = (phase: "response" | "stream", ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => stop(new ProviderTimeoutError(phase, ms)), ms);
      };

      const request = transport.request(url, { method: init?.method ?? "GET", headers, agent: transport.agent }, (message) => {
        clearTimeout(timer);
        settled = true;
        const status = message.statusCode ?? 0;
        const empty = NULL_BODY_STATUS.has(status) || init?.method === "HEAD";
        const stream = empty
          ? null
          : new ReadableStream<Uint8Array>(
              {
                start(controller) {
                  streaming = controller;
                  timeout("stream", timeouts.idleMs);
                  message.on("data", (chunk: Buffer) => {
                    if (!streaming) return;
                    timer?.refresh();
                    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
                    // Our reader is behind (a slow client): stop reading the socket, and the
                    // idle clock, until it asks for more.
                    if ((controller.desiredSize ?? 1) <= 0) {
                      message.pause();
                      clearTimeout(timer);
                    }
                  });
                  message.on("end", () => {
                    release();
                    if (!streaming) return;
                    streaming = undefined;
                    controller.close();
                  });
                  // A body cut before its end: the same error fetch gives.
                  message.on("close", () => {
                    if (streaming && !message.complete)
                      fail(new TypeError("terminated", { cause: new Error("The provider closed the connection mid-body.") }));
                  });
                  message.on("error", (error) => fail(new TypeError("terminated", { cause: error })));
                },
                pull() {
                  if (!message.isPaused() || !streaming) return;
                  timeout("stream", timeouts.idleMs);
                  message.resume();
                },
                cancel() {
                  release();
                  streaming = undefined;
                  message.destroy();
                },
              },
              BUFFERED,
            );
        if (empty) {
          release();
          message.resume();
        }
        resolve(new Response(stream, { status, statusText: message.statusMessage, headers: responseHeaders(message) }));
      });
      request.on("error", (error) =>
        fail(settled ? new TypeError("terminated", { cause: error }) : new TypeError("fetch failed", { cause: error })),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
      timeout("response", timeouts.responseMs);
      request.end(body);
    });
}
