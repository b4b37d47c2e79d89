// A throwaway redis-server on a free localhost port for the Redis rate-limit tests.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { eachLine, freePort } from "../../devkit/servers";

export const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;

export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    // A bound for a server that never says it is ready, generous for a busy machine.
    const timer = setTimeout(() => reject(new Error("redis-server did not start in 30 s")), 30_000);
    eachLine(child.stdout, (line) => {
      if (line.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
