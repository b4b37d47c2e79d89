// The benchmark's upstream: a local OpenAI-protocol server in its own process, streaming a fixed
// reply at a fixed pace (BENCH_FIRST_MS before the first chunk, BENCH_CHUNK_MS between chunks).
// Prints its base URL on the first stdout line.
import { startProviderServer } from "../devkit/providers/server";

const chunks = Array.from({ length: Number(process.env.BENCH_CHUNKS ?? 20) }, (_, i) => `token${i} `);

async function main(): Promise<void> {
  const server = await startProviderServer(
    { chunks, firstChunkDelayMs: Number(process.env.BENCH_FIRST_MS ?? 50), chunkDelayMs: Number(process.env.BENCH_CHUNK_MS ?? 10) },
    {
      // Arrival times on stderr let the benchmark split the app's added latency into before and after the upstream call.
      onArrival: () => process.stderr.write(`ARRIVE ${(performance.timeOrigin + performance.now()).toFixed(3)}\n`),
      // Longer than any client keeps an idle connection, as a real provider does.
      keepAliveMs: 30_000,
    },
  );
  // Keep no request log: the benchmark sends thousands.
  setInterval(() => {
    server.requests.length = 0;
  }, 1000).unref();
  console.log(server.url);
  process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
}

void main();
