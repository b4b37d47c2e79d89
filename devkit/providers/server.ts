// devkit (shared by tests/ and bench/): a local HTTP server that speaks the providers' streaming wire
// protocols, so the real @ai-sdk/openai, @ai-sdk/openai-compatible and @ai-sdk/anthropic clients run against it:
//   POST /v1/responses         OpenAI Responses API (SSE events)
//   POST /v1/chat/completions  OpenAI Chat Completions (SSE chunks, also the OpenAI-compatible path)
//   POST /v1/messages          Anthropic Messages (SSE events)
// A scenario decides what the next reply does: stream text at a pace, fail with an HTTP status,
// cut the connection mid-way, or stall. Every request is recorded for assertions.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { writeAnthropic } from "./anthropic";
import { writeChatCompletions, writeResponses } from "./openai";
import type { Scenario } from "./sse";

export type { Scenario } from "./sse";

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

export interface ProviderServer {
  url: string;
  requests: RecordedRequest[];
  /** The scenario every request gets unless one is queued. */
  scenario: Scenario;
  /** Queue a scenario for the next request only. */
  once(scenario: Scenario): void;
  /** How many replies the client walked away from before they ended. */
  disconnects: number;
  close(): Promise<void>;
}

export const DEFAULT_REPLY = ["# Draft", "\n\n", "Hello ", "from the ", "local provider."];

type Writer = (res: ServerResponse, scenario: Scenario, body: Record<string, unknown>) => Promise<void>;

const routes: Record<string, Writer> = {
  "/v1/responses": writeResponses,
  "/v1/chat/completions": writeChatCompletions,
  "/v1/messages": writeAnthropic,
};

export interface ProviderServerOptions {
  /** Called as each request arrives, before its body is read (the benchmark traces arrival times). */
  onArrival?: (path: string) => void;
  /**
   * How long an idle connection is kept open (default 1 s, so tests end quickly). The benchmark
   * keeps them longer than its clients do (undici's 4 s): otherwise a client reuses a connection the
   * server is closing, gets "other side closed", and retries or fails, which is not what is measured.
   */
  keepAliveMs?: number;
}

export async function startProviderServer(initial: Partial<Scenario> = {}, options: ProviderServerOptions = {}): Promise<ProviderServer> {
  const { onArrival, keepAliveMs = 1000 } = options;
  const queue: Scenario[] = [];
  const state: ProviderServer = {
    url: "",
    requests: [],
    scenario: { chunks: DEFAULT_REPLY, ...initial },
    once: (s) => queue.push(s),
    disconnects: 0,
    close: async () => {},
  };
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer(async (req, res) => {
    onArrival?.(req.url ?? "");
    const raw = await readBody(req);
    const path = (req.url ?? "").split("?")[0] ?? "";
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    state.requests.push({ path, headers: req.headers, body });
    const writer = routes[path];
    if (!writer || req.method !== "POST") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
      return;
    }
    const scenario = queue.shift() ?? state.scenario;
    res.on("close", () => {
      if (!res.writableEnded) state.disconnects += 1;
    });
    if (scenario.failWith) {
      writeFailure(res, path, scenario.failWith);
      return;
    }
    await writer(res, scenario, body).catch(() => res.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.keepAliveTimeout = keepAliveMs;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return state;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

/** The error bodies the real APIs send; the message quotes a fake key to prove it never leaks. */
function writeFailure(res: ServerResponse, path: string, status: number): void {
  const message =
    status === 401
      ? "Incorrect API key provided: sk-test-LEAKED-KEY-123456. You can find your API key at https://example.invalid."
      : status === 429
        ? "Rate limit reached for requests"
        : "The server had an error while processing your request.";
  const body =
    path === "/v1/messages"
      ? {
          type: "error",
          error: {
            type: status === 401 ? "authentication_error" : status === 429 ? "rate_limit_error" : "api_error",
            message,
          },
        }
      : {
          error: {
            message,
            type: status === 401 ? "invalid_request_error" : "server_error",
            code: status === 401 ? "invalid_api_key" : null,
          },
        };
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (status === 429) headers["retry-after"] = "0";
  res.writeHead(status, headers).end(JSON.stringify(body));
}
