// devkit: what the tests (tests/) and the benchmark (bench/) both need, so neither imports the other.
// This file: starting local servers — a free port, their output line by line, and waiting until one answers.
import { createServer } from "node:net";
import type { Readable } from "node:stream";

/** A free TCP port on 127.0.0.1 (the OS picks; the port is released before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Calls `each` with every whole line the stream writes. */
export function eachLine(stream: Readable | null | undefined, each: (line: string) => void): void {
  let pending = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (data: string) => {
    const lines = (pending + data).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) each(line);
  });
}

export interface WaitOptions {
  /** Which answer means ready; any 2xx by default. */
  ready?: (response: Response) => boolean;
  /** Give up after this long (60 s by default: a cold `next start` on a busy machine is slow). */
  timeoutMs?: number;
  intervalMs?: number;
  /** Checked before each try: false (the server's process has exited) stops waiting at once. */
  alive?: () => boolean;
}

/** Asks `url` until an answer passes `ready`; true when one did, false when it gave up. */
export async function waitForHttp(url: string, options: WaitOptions = {}): Promise<boolean> {
  const { ready = (response) => response.ok, timeoutMs = 60_000, intervalMs = 250, alive = () => true } = options;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      await response.body?.cancel();
      if (ready(response)) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
