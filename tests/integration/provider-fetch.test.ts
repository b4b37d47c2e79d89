// The provider clients' fetch (src/server/generation/provider-fetch.ts) against a real local HTTP
// server: what it sends, how the streamed body arrives, and every way a call can end badly.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderTimeoutError, providerFetch } from "@/server/generation/provider-fetch";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler;
const closed: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => handler(req, res, body));
    res.on("close", () => {
      if (!res.writableEnded) closed.push(req.url ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const fetchFast = providerFetch({ responseMs: 300, idleMs: 300 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A reply that sends its headers and one event, then stays open. */
const oneEventThenSilence =
  (event = "data: first\n\n"): Handler =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(event);
  };

/** The server saw the client drop the connection to `path` before the reply ended. */
async function expectDropped(path: string): Promise<void> {
  await sleep(50);
  expect(closed).toContain(path);
}

describe("the provider fetch", () => {
  it("sends the method, headers and JSON body, and streams the answer with its status and headers", async () => {
    let seen: { method?: string; type?: string; auth?: string; length?: string; body?: string } = {};
    handler = (req, res, body) => {
      seen = {
        method: req.method,
        type: req.headers["content-type"],
        auth: req.headers.authorization,
        length: req.headers["content-length"],
        body,
      };
      res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": "req_123" });
      res.write("data: one\n\n");
      setTimeout(() => res.end("data: two\n\n"), 20);
    };
    const json = JSON.stringify({ model: "m", input: "héllo" });
    const response = await fetchFast(`${base}/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sk-test" },
      body: json,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req_123");
    expect(await response.text()).toBe("data: one\n\ndata: two\n\n");
    expect(seen).toEqual({
      method: "POST",
      type: "application/json",
      auth: "Bearer sk-test",
      length: String(Buffer.byteLength(json)),
      body: json,
    });
  });

  it("answers an error status like fetch: not ok, with the body to read", async () => {
    handler = (_req, res) => {
      res.writeHead(429, { "content-type": "application/json", "retry-after": "7" });
      res.end(JSON.stringify({ error: { message: "slow down" } }));
    };
    const response = await fetchFast(`${base}/v1/responses`, { method: "POST", body: "{}" });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.json()).toEqual({ error: { message: "slow down" } });
  });

  it("reuses the kept-alive connection for the next call", async () => {
    const ports: number[] = [];
    handler = (req, res) => {
      ports.push(req.socket.remotePort ?? 0);
      res.end("ok");
    };
    for (let i = 0; i < 3; i++) expect(await (await fetchFast(`${base}/again`, { method: "POST", body: "{}" })).text()).toBe("ok");
    expect(new Set(ports).size).toBe(1);
  });

  it("a reader that falls behind pauses the socket without timing out, and gets every byte", async () => {
    const big = "x".repeat(1024 * 1024);
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(big);
    };
    const response = await fetchFast(`${base}/big`, { method: "POST", body: "{}" });
    const reader = response.body!.getReader();
    let received = (await reader.read()).value?.byteLength ?? 0;
    await sleep(500); // longer than the 300 ms idle timeout
    for (let read = await reader.read(); !read.done; read = await reader.read()) received += read.value.byteLength;
    expect(received).toBe(big.length);
  });

  it("a server that never answers fails with a timeout, and the connection is dropped", async () => {
    handler = () => {};
    const started = Date.now();
    const error = await fetchFast(`${base}/silent`, { method: "POST", body: "{}" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expectDropped("/silent");
  });

  it("a body that goes quiet mid-stream errors with a timeout after what arrived", async () => {
    handler = oneEventThenSilence();
    const response = await fetchFast(`${base}/stall`, { method: "POST", body: "{}" });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: first\n\n");
    await expect(reader.read()).rejects.toBeInstanceOf(ProviderTimeoutError);
    await expectDropped("/stall");
  });

  it("a body cut mid-way errors the stream like fetch (TypeError: terminated)", async () => {
    handler = (req, res) => {
      oneEventThenSilence("data: partial\n\n")(req, res, "");
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const response = await fetchFast(`${base}/cut`, { method: "POST", body: "{}" });
    const error = await response.text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe("terminated");
  });

  it("a server that cannot be reached fails like fetch (TypeError: fetch failed, with the cause)", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const error = await fetchFast(`http://127.0.0.1:${port}/nobody`, { method: "POST", body: "{}" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe("fetch failed");
    expect(((error as TypeError).cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("the caller's abort ends a call before the answer and mid-body with the signal's AbortError", async () => {
    handler = () => {};
    const early = new AbortController();
    setTimeout(() => early.abort(), 20);
    const before = await fetchFast(`${base}/abort-early`, { method: "POST", body: "{}", signal: early.signal }).catch((e: unknown) => e);
    expect((before as Error).name).toBe("AbortError");

    handler = oneEventThenSilence();
    const late = new AbortController();
    const response = await fetchFast(`${base}/abort-late`, { method: "POST", body: "{}", signal: late.signal });
    const reader = response.body!.getReader();
    await reader.read();
    late.abort();
    const during = await reader.read().catch((e: unknown) => e);
    expect((during as Error).name).toBe("AbortError");
    await expectDropped("/abort-early");
    await expectDropped("/abort-late");

    const already = AbortSignal.abort();
    await expect(fetchFast(`${base}/never`, { method: "POST", body: "{}", signal: already })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("cancelling the body closes the connection", async () => {
    handler = oneEventThenSilence();
    const response = await fetchFast(`${base}/cancel`, { method: "POST", body: "{}" });
    await response.body!.cancel();
    await expectDropped("/cancel");
  });
});
