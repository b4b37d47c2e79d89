// `npm run bench`: the production build behind a local OpenAI-protocol server that streams a fixed
// reply at a fixed pace. Measures time to first token (TTFT) and total time through the app and
// directly against that server, side by side, at concurrency 1, 50 and 200; prints the latency the
// app adds (p50/p99), errors, the app's peak RSS, the database round trips before the first token and
// the CPU a request takes before its first byte, step by step, in the app and in the Next.js floor.
// Two floors take the same requests in the same run: a bare pass-through proxy
// (bench/passthrough.ts), what any proxy costs on this machine, and a Next.js route handler that
// only forwards (bench/next-floor), what the framework alone costs. Localhost only;
// every loop is bounded.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuild, nextStartCommand } from "../devkit/build";
import { eachLine, freePort } from "../devkit/servers";
import { percentile, runBatch, type Sample } from "./load";
import {
  arrivals,
  benchDatabase,
  cpuMs,
  peakRssMb,
  seedBenchUser,
  startNextFloor,
  startPassthrough,
  startProvider,
  waitForHealth,
} from "./setup";

const root = process.cwd();
const SECRET = `bench-${randomBytes(24).toString("hex")}`;
const ROUNDS: Record<number, number> = { 1: 60, 50: 3, 200: 2 };
// BENCH_LEVELS=1,50 runs a subset (e.g. while profiling); the default is the 1, 50 and 200.
const LEVELS = (process.env.BENCH_LEVELS ?? "1,50,200").split(",").map((c) => ({ concurrency: Number(c), rounds: ROUNDS[Number(c)] ?? 2 }));

type CpuSteps = Array<[step: string, cpuMs: number]>;

/**
 * The CPU a request took before its first byte, split at its steps (bench/probe.cjs): the median of
 * each step over the requests that ran alone, in their most common shape (e.g. two queries).
 */
function cpuSplit(label: string, requests: CpuSteps[]): string {
  const shapes = new Map<string, CpuSteps[]>();
  for (const steps of requests) {
    const shape = steps.map(([step]) => step).join(" > ");
    shapes.set(shape, [...(shapes.get(shape) ?? []), steps]);
  }
  const common = [...shapes.values()].sort((a, b) => b.length - a.length)[0];
  if (!common?.[0]) return `${label}: no request ran alone`;
  let queries = 0;
  const parts = common[0].map(([step], i) => {
    const name = step === "query" ? `query ${++queries}` : step;
    const spent = common.map((steps) => (steps[i]?.[1] ?? 0) - (i > 0 ? (steps[i - 1]?.[1] ?? 0) : 0));
    return `${percentile(spent, 50).toFixed(1)} to ${name}`;
  });
  const total = percentile(
    common.map((steps) => steps.at(-1)?.[1] ?? 0),
    50,
  );
  return `${label} ${total.toFixed(1)} ms (median of ${common.length}): ${parts.join(", ")}`;
}

function summary(label: string, samples: Sample[]): string {
  const ok = samples.filter((s) => !s.error);
  const ttft = ok.map((s) => s.ttft);
  const total = ok.map((s) => s.total);
  return `${label.padEnd(6)} n=${String(samples.length).padStart(3)} errors=${samples.length - ok.length}  TTFT p50 ${percentile(ttft, 50).toFixed(1)} p99 ${percentile(ttft, 99).toFixed(1)} ms  total p50 ${percentile(total, 50).toFixed(1)} p99 ${percentile(total, 99).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  ensureBuild();
  const provider = await startProvider();
  const passthrough = await startPassthrough(provider.url);
  const cpuSteps: Record<"app" | "next", CpuSteps[]> = { app: [], next: [] };
  const nextFloor = await startNextFloor(provider.url, (line) => {
    if (line.startsWith("BENCH_CPU ")) cpuSteps.next.push(JSON.parse(line.slice(10)) as CpuSteps);
  });
  const database = await benchDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "ai-ssa-bench-"));
  const env: Record<string, string> = {
    APP_URL: `http://localhost:${port}`,
    PORT: String(port),
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    SESSION_SECRET: SECRET,
    WHOP_WEBHOOK_SECRET: `ws_${randomBytes(16).toString("hex")}`,
    OPENAI_API_KEY: "sk-bench-not-a-real-key",
    OPENAI_BASE_URL: provider.url,
    RATE_LIMIT_PER_MINUTE: "1000000",
  };
  const cookie = await seedBenchUser(database.url, env);
  const queries: number[] = [];
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the app under load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // Holds the build lock shared while it runs, so nobody's `next build` replaces .next under the benchmark.
  const app = spawn("sh", ["-c", nextStartCommand(port, nodeArgs)], {
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1", NODE_OPTIONS: `--require ${join(root, "bench/probe.cjs")}` },
    stdio: ["ignore", "ignore", "pipe"],
  });
  eachLine(app.stderr, (line) => {
    if (line.startsWith("BENCH_QUERY ")) queries.push(Number(line.slice(12)));
    else if (line.startsWith("BENCH_CPU ")) cpuSteps.app.push(JSON.parse(line.slice(10)) as CpuSteps);
    else if (line.includes('"level":"error"')) console.error(`app: ${line.slice(0, 300)}`);
  });
  try {
    await waitForHealth(base);
    const targets = {
      direct: {
        url: `${provider.url}/responses`,
        body: { model: "gpt-4o", stream: true, input: [{ role: "user", content: "Benchmark brief" }] },
        headers: {},
      },
      passthrough: {
        url: `${passthrough.url}/responses`,
        body: { model: "gpt-4o", stream: true, input: [{ role: "user", content: "Benchmark brief" }] },
        headers: {},
      },
      nextFloor: {
        url: `${nextFloor.url}/api/forward`,
        body: { model: "gpt-4o", stream: true, input: [{ role: "user", content: "Benchmark brief" }] },
        headers: {},
      },
      app: {
        url: `${base}/api/generate`,
        body: { blueprintSlug: "blog-post-outline", userInput: "Benchmark brief", model: "gpt" },
        headers: { cookie },
      },
    };
    await runBatch(targets.app, 10); // warm-up: route compile, pools, JIT
    await runBatch(targets.direct, 10);
    await runBatch(targets.passthrough, 10);
    await runBatch(targets.nextFloor, 10);

    // Database round trips before the first token, at concurrency 1: queries the app issued between
    // sending the request and receiving the first text chunk.
    // The same requests also split the added TTFT: time until the upstream request arrives (the
    // app's work before calling the model) against the direct path's own time to arrival.
    const before: number[] = [];
    const toUpstream: number[] = [];
    const firstQuery: number[] = [];
    const lastQuery: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [sample] = await runBatch(targets.app, 1);
      if (!sample || sample.error) continue;
      const own = queries.filter((q) => q >= sample.start && q <= sample.start + sample.ttft);
      before.push(own.length);
      if (own.length) {
        firstQuery.push((own[0] as number) - sample.start);
        lastQuery.push((own.at(-1) as number) - sample.start);
      }
      const arrival = arrivals.find((a) => a >= sample.start && a <= sample.start + sample.ttft);
      if (arrival) toUpstream.push(arrival - sample.start);
    }
    const directToUpstream: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [sample] = await runBatch(targets.direct, 1);
      const arrival = sample && arrivals.find((a) => a >= sample.start && a <= sample.start + sample.ttft);
      if (arrival && sample) directToUpstream.push(arrival - sample.start);
    }

    console.log(
      `\nUpstream: fixed reply of ${process.env.BENCH_CHUNKS ?? 20} chunks, ${process.env.BENCH_FIRST_MS ?? 50} ms to the first, ${process.env.BENCH_CHUNK_MS ?? 10} ms apart.`,
    );
    const rows: string[] = [];
    for (const { concurrency, rounds } of LEVELS) {
      const direct: Sample[] = [];
      const viaPassthrough: Sample[] = [];
      const viaNext: Sample[] = [];
      const viaApp: Sample[] = [];
      let appCpu = 0;
      let databaseCpu = 0;
      let nextCpu = 0;
      for (let r = 0; r < rounds; r++) {
        direct.push(...(await runBatch(targets.direct, concurrency)));
        viaPassthrough.push(...(await runBatch(targets.passthrough, concurrency)));
        const nextCpuBefore = cpuMs(nextFloor.child.pid ?? 0);
        viaNext.push(...(await runBatch(targets.nextFloor, concurrency)));
        nextCpu += cpuMs(nextFloor.child.pid ?? 0) - nextCpuBefore;
        const cpuBefore = cpuMs(app.pid ?? 0);
        const databaseCpuBefore = await database.backendsCpuMs();
        viaApp.push(...(await runBatch(targets.app, concurrency)));
        appCpu += cpuMs(app.pid ?? 0) - cpuBefore;
        databaseCpu += (await database.backendsCpuMs()) - databaseCpuBefore;
      }
      console.log(`\nconcurrency ${concurrency}`);
      console.log(`  ${summary("direct", direct)}`);
      console.log(`  ${summary("bare", viaPassthrough)}`);
      console.log(`  ${summary("next", viaNext)}`);
      console.log(`  ${summary("app", viaApp)}`);
      // The app's CPU per request (its process tree, while only its own requests ran): steadier
      // than latency percentiles on a shared machine, and what bounds throughput at high concurrency.
      // PostgreSQL's backends for the app run on the same cores (when the server is local).
      const appCpuPer = appCpu / viaApp.length;
      const databaseCpuPer = databaseCpu / viaApp.length;
      const nextCpuPer = nextCpu / viaNext.length;
      console.log(
        `  CPU per request: app ${appCpuPer.toFixed(1)} ms (and its PostgreSQL backends ${databaseCpuPer.toFixed(1)} ms), forwarding Next.js route ${nextCpuPer.toFixed(1)} ms`,
      );
      const addedBy = (via: Sample[]) => (p: number, f: (s: Sample) => number) =>
        percentile(via.filter((s) => !s.error).map(f), p) - percentile(direct.filter((s) => !s.error).map(f), p);
      const add = addedBy(viaApp);
      const floor = addedBy(viaPassthrough);
      const nextOnly = addedBy(viaNext);
      const ttft = (s: Sample) => s.ttft;
      const total = (s: Sample) => s.total;
      const all = [...viaApp, ...viaPassthrough, ...viaNext, ...direct];
      const appErrors = viaApp.filter((s) => s.error).length;
      const otherErrors = all.filter((s) => s.error).length - appErrors;
      const ratio = add(50, ttft) / nextOnly(50, ttft);
      const line = `| ${concurrency} | ${add(50, ttft).toFixed(1)} | ${add(99, ttft).toFixed(1)} | ${nextOnly(50, ttft).toFixed(1)} | ${nextOnly(99, ttft).toFixed(1)} | ${ratio.toFixed(2)}× | ${floor(50, ttft).toFixed(1)} | ${appCpuPer.toFixed(1)} | ${nextCpuPer.toFixed(1)} | ${appErrors} | ${otherErrors} | ${databaseCpuPer.toFixed(1)} |`;
      console.log(
        `  added by the app: TTFT p50 ${add(50, ttft).toFixed(1)} ms, p99 ${add(99, ttft).toFixed(1)} ms; total p50 ${add(50, total).toFixed(1)} ms, p99 ${add(99, total).toFixed(1)} ms`,
      );
      console.log(
        `  added by the forwarding Next.js route: TTFT p50 ${nextOnly(50, ttft).toFixed(1)} ms, p99 ${nextOnly(99, ttft).toFixed(1)} ms`,
      );
      console.log(
        `  added by the bare pass-through proxy: TTFT p50 ${floor(50, ttft).toFixed(1)} ms, p99 ${floor(99, ttft).toFixed(1)} ms`,
      );
      rows.push(line);
      const firstError = viaApp.find((s) => s.error)?.error;
      const firstFloorError = all.find((s) => s.error)?.error;
      if (firstError) console.log(`  first app error: ${firstError}`);
      else if (firstFloorError) console.log(`  first error on a floor or the direct path: ${firstFloorError}`);
    }
    const trips = before.length ? `${Math.min(...before)}–${Math.max(...before)}` : "n/a";
    console.log(`\nDatabase round trips before the first token (20 requests): ${trips}`);
    console.log(
      `Request sent → upstream request arrives, p50: app ${percentile(toUpstream, 50).toFixed(1)} ms, direct ${percentile(directToUpstream, 50).toFixed(1)} ms` +
        ` (first query issued at ${percentile(firstQuery, 50).toFixed(1)} ms, last at ${percentile(lastQuery, 50).toFixed(1)} ms)`,
    );
    console.log("CPU before the first byte, requests that ran alone (each step's median, ms):");
    console.log(`  ${cpuSplit("app", cpuSteps.app)}`);
    console.log(`  ${cpuSplit("forwarding Next.js route", cpuSteps.next)}`);
    console.log(`App peak RSS (VmHWM): ${peakRssMb(app.pid ?? 0).toFixed(0)} MB`);
    console.log(
      "\nMarkdown rows (concurrency | app's added TTFT p50 | p99 | Next.js floor's added TTFT p50 | p99 | ratio of the p50s | bare proxy's p50 | app CPU ms/draft | Next.js floor CPU ms/request | app errors | floors' errors | PostgreSQL CPU ms/draft):",
    );
    for (const row of rows) console.log(row);
  } finally {
    app.kill("SIGINT");
    provider.child.kill("SIGTERM");
    passthrough.child.kill("SIGTERM");
    nextFloor.child.kill("SIGTERM");
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      app.once("exit", () => resolve(clearTimeout(timer)));
    });
    await database.drop().catch((error) => console.error(`could not drop the bench database: ${error}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
