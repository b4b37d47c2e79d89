// Work every server instance does beside its requests: the sweeper that settles turns whose lease
// ran out (run at start and once per lease period; safe on many instances at once), and an hourly
// pruning of what has outlived its use (the usage ledger past USAGE_RETENTION_DAYS, revoked
// sessions past their cookie's lifetime). Started by src/instrumentation.ts.
import { sql } from "drizzle-orm";
import type { AppContext } from "./context";
import { queryRows } from "./db/client";
import { sweepExpiredTurns } from "./generation/turns";
import { log } from "./log";

const HOUR_MS = 60 * 60 * 1000;

/** Settles every turn whose lease expired; returns how many. Logs, never throws. */
export async function sweepOnce(ctx: AppContext): Promise<number> {
  try {
    let total = 0;
    for (let settled = await sweepExpiredTurns(ctx.db, ctx.now()); settled > 0; settled = await sweepExpiredTurns(ctx.db, ctx.now())) {
      total += settled;
    }
    if (total > 0) log.info("sweeper settled interrupted turns", { settled: total });
    return total;
  } catch (error) {
    log.warn("sweeper could not run; it tries again next time", { error });
    return 0;
  }
}

/** Deletes ledger events past the retention and revocations whose cookies have expired anyway. */
export async function pruneOnce(ctx: AppContext): Promise<void> {
  try {
    const now = ctx.now();
    const keepSince = new Date(now.getTime() - ctx.config.usage.retentionDays * 24 * HOUR_MS);
    await queryRows(
      ctx.db,
      sql`WITH ledger AS (DELETE FROM usage_event WHERE started_at < ${keepSince.toISOString()}::timestamptz AND status <> 'streaming' RETURNING 1),
        sessions AS (DELETE FROM revoked_session WHERE expires_at < ${now.toISOString()}::timestamptz RETURNING 1)
      SELECT (SELECT count(*) FROM ledger)::int AS ledger, (SELECT count(*) FROM sessions)::int AS sessions`,
    );
  } catch (error) {
    log.warn("pruning could not run; it tries again next time", { error });
  }
}

/** Starts the timers (they never keep the process alive); returns a function that stops them. */
export function startBackgroundWork(context: () => Promise<AppContext>): () => void {
  let sweeper: NodeJS.Timeout | undefined;
  let pruner: NodeJS.Timeout | undefined;
  let stopped = false;
  void context()
    .then((ctx) => {
      if (stopped) return;
      void sweepOnce(ctx);
      void pruneOnce(ctx);
      sweeper = setInterval(() => void sweepOnce(ctx), ctx.config.generation.leaseSeconds * 1000);
      sweeper.unref();
      pruner = setInterval(() => void pruneOnce(ctx), HOUR_MS);
      pruner.unref();
    })
    .catch((error) => log.warn("background work not started: the app context is not available", { error }));
  return () => {
    stopped = true;
    clearInterval(sweeper);
    clearInterval(pruner);
  };
}
