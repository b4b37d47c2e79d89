// The benchmark's surroundings: a fresh PostgreSQL database with a PRO identity and its sealed
// cookie, the upstream and the two floors in their own processes (with arrival times), the app's
// peak RSS and CPU time, and waiting until a server answers.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import pg from "pg";
import { eachLine, freePort, waitForHttp } from "../devkit/servers";
import { SESSION_COOKIE } from "../src/server/auth/cookies";
import { upsertIdentityAtSignIn } from "../src/server/auth/identity";
import { sealSession } from "../src/server/auth/session";
import { loadConfig } from "../src/server/config";
import { openDatabase } from "../src/server/db/client";
import { migrateDatabase } from "../src/server/db/migrate";
import { accessGrant, billingTier } from "../src/server/db/schema";
import { seedDatabase } from "../src/server/db/seed";

const root = process.cwd();

export interface BenchDatabase {
  url: string;
  /**
   * CPU time (user + system, ms) used so far by the server processes serving this database, read
   * from /proc: NaN when the server does not run on this machine. A backend that has exited no
   * longer counts, so read it around work done on connections that stay open (the app's pool).
   */
  backendsCpuMs(): Promise<number>;
  drop(): Promise<void>;
}

/** A fresh database on the local PostgreSQL (BENCH_DATABASE_URL), dropped at the end. */
export async function benchDatabase(): Promise<BenchDatabase> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `bench_${randomBytes(5).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // One connection for the whole run, so reading the backends' CPU opens none.
  const observer = new pg.Client({ connectionString: adminUrl });
  await observer.connect();
  const backendsCpuMs = async () => {
    const { rows } = await observer.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [name]);
    if (rows.length > 0 && !existsSync(`/proc/${rows[0]?.pid}`)) return Number.NaN;
    return rows.reduce((sum, { pid }) => sum + processCpuMs(pid), 0);
  };
  return {
    url: url.toString(),
    backendsCpuMs,
    drop: async () => {
      await observer.end().catch(() => {});
      await admin(`drop database if exists "${name}" with (force)`);
    },
  };
}

export async function seedBenchUser(databaseUrl: string, env: Record<string, string>): Promise<string> {
  const database = await openDatabase({ url: databaseUrl });
  try {
    await migrateDatabase(database);
    await seedDatabase(database.db);
    const config = loadConfig(env);
    const { identity } = await upsertIdentityAtSignIn(database.db, { whopId: "user_bench", email: "bench@example.com" }, new Date());
    const [pro] = await database.db.select({ id: billingTier.id }).from(billingTier).where(eq(billingTier.name, "PRO"));
    // PRO, so the daily limit never refuses a benchmark request.
    await database.db
      .insert(accessGrant)
      .values({ userId: identity.id, tierId: pro!.id, status: "ACTIVE", source: "whop", whopMembershipId: "mem_bench" });
    const sealed = await sealSession(config, { identityId: identity.id, whopId: "user_bench", email: "bench@example.com" }, new Date());
    return `${SESSION_COOKIE}=${encodeURIComponent(sealed)}`;
  } finally {
    await database.close();
  }
}

/**
 * A helper server script (run with tsx, in its own process) that prints its base URL on its first
 * stdout line; `onStderrLine` reads what it writes to stderr, which is shown as is otherwise.
 */
function startScript(script: string, what: string, env: Record<string, string>, onStderrLine?: (line: string) => void) {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "bench", script)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", onStderrLine ? "pipe" : "inherit"],
  });
  if (onStderrLine) eachLine(child.stderr, onStderrLine);
  return new Promise<{ url: string; child: ChildProcess }>((resolve, reject) => {
    child.stdout?.once("data", (data: Buffer) => resolve({ url: data.toString().trim(), child }));
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code}`)));
  });
}

/** When each upstream request reached the local provider (epoch ms). */
export const arrivals: number[] = [];

/** The upstream: a local OpenAI-protocol server (bench/provider.ts) noting each arrival. */
export function startProvider() {
  return startScript("provider.ts", "provider", {}, (line) => {
    if (line.startsWith("ARRIVE ")) arrivals.push(Number(line.slice(7)));
  });
}

/** The bare pass-through proxy in front of the upstream (bench/passthrough.ts). */
export function startPassthrough(upstreamUrl: string) {
  return startScript("passthrough.ts", "pass-through proxy", { UPSTREAM_URL: upstreamUrl });
}

/**
 * The Next.js floor (bench/next-floor): one route handler that only forwards to the
 * upstream, built once (webpack: Turbopack will not build a project nested in another) and started
 * with `next start` and the app's probe (bench/probe.cjs), whose stderr lines go to `onStderrLine`.
 */
export async function startNextFloor(
  upstreamUrl: string,
  onStderrLine: (line: string) => void,
): Promise<{ url: string; child: ChildProcess }> {
  const dir = join(root, "bench/next-floor");
  const nextBin = join(root, "node_modules/next/dist/bin/next");
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (!existsSync(join(dir, ".next/BUILD_ID")))
    execFileSync(process.execPath, [nextBin, "build", "--webpack"], { cwd: dir, env, stdio: "ignore" });
  const port = await freePort();
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: dir,
    // The same probe as the app's (bench/probe.cjs), for the CPU split of a request before its first byte.
    env: { ...env, UPSTREAM_URL: upstreamUrl, NODE_OPTIONS: `--require ${join(root, "bench/probe.cjs")}` },
    stdio: ["ignore", "ignore", "pipe"],
  });
  eachLine(child.stderr, onStderrLine);
  const url = `http://127.0.0.1:${port}`;
  // Any answer will do: the one route takes POST only.
  if (await waitForHttp(url, { ready: () => true, intervalMs: 500 })) return { url, child };
  child.kill();
  throw new Error("the Next.js floor did not answer in 60 s");
}

/** Every process in the tree under pid (next start may fork its server). */
export function processTree(pid: number): number[] {
  const children = spawnSync("pgrep", ["-P", String(pid)])
    .stdout.toString()
    .split("\n")
    .filter(Boolean)
    .map(Number);
  return [pid, ...children.flatMap(processTree)];
}

export function peakRssMb(pid: number): number {
  let peak = 0;
  for (const p of processTree(pid)) {
    const status = existsSync(`/proc/${p}/status`) ? readFileSync(`/proc/${p}/status`, "utf8") : "";
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peak = Math.max(peak, kb / 1024);
  }
  return peak;
}

/** CPU time (user + system, ms) used so far by the process tree under pid. */
export function cpuMs(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + processCpuMs(p), 0);
}

/** CPU time (user + system, ms) used so far by one process; 100 clock ticks a second. */
function processCpuMs(pid: number): number {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
}

export async function waitForHealth(base: string): Promise<void> {
  if (!(await waitForHttp(`${base}/api/health`, { intervalMs: 500 }))) throw new Error("the app did not become healthy in 60 s");
}
