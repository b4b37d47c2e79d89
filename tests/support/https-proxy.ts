// A TLS-terminating reverse proxy for tests that need the app at an https origin (a production
// configuration requires one): a self-signed certificate for 127.0.0.1 made with `openssl req` at
// test time, and a node:https server that forwards each request to an app instance over http the way
// nginx does with the recipe in docs/deploy.md (Host kept, X-Forwarded-For appended,
// X-Forwarded-Proto https) and streams both bodies without buffering. Given several instances it
// takes them in turn, request by request, with no stickiness. Clients trust the certificate through
// `dispatcher` (an undici Agent) with undici's fetch.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "undici";

export interface HttpsProxy {
  /** https://127.0.0.1:<port>, the app's public origin (APP_URL). */
  url: string;
  port: number;
  /** The self-signed certificate (PEM), for clients that must trust it. */
  certificate: string;
  /** An undici dispatcher that trusts the certificate. */
  dispatcher: Agent;
  /** The instance port each request was sent to, in arrival order. */
  served: number[];
  close(): Promise<void>;
}

/** True when the openssl command line is installed (it makes the certificate). */
export function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A P-256 certificate and key for 127.0.0.1, valid for a day. */
export function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), "ai-ssa-tls-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    return { cert: readFileSync(join(dir, "cert.pem"), "utf8"), key: readFileSync(join(dir, "key.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Listens on `port` (0: any free one) and forwards to http://127.0.0.1:<each of `targetPorts` in turn>. */
export async function startHttpsProxy(options: { targetPorts: number[]; port?: number }): Promise<HttpsProxy> {
  const { cert, key } = selfSignedCertificate();
  const sockets = new Set<Socket>();
  const served: number[] = [];
  const server: Server = createServer({ cert, key }, (req, res) => {
    const forwardedFor = [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", ");
    const target = options.targetPorts[served.length % options.targetPorts.length] as number;
    served.push(target);
    const upstream = httpRequest(
      {
        host: "127.0.0.1",
        port: target,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, "x-forwarded-for": forwardedFor, "x-forwarded-proto": "https" },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("bad gateway");
    });
    // The client leaving ends the upstream request too, as a proxy would.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  server.on("secureConnection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const dispatcher = new Agent({ connect: { ca: cert } });
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    certificate: cert,
    dispatcher,
    served,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}
