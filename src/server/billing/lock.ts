// One reconciliation at a time across every app instance: a PostgreSQL session advisory lock held
// on one dedicated connection for the whole run (listing pages included), released when it ends.
// If the process dies, its connection closes and PostgreSQL releases the lock by itself.
import type { Database } from "../db/client";

/** Arbitrary fixed key shared by every instance ("RECN"). */
export const RECONCILE_LOCK_KEY = 0x5245_434e;

export type Locked<T> = { acquired: true; value: T } | { acquired: false };

// The embedded database is one connection inside one process, where advisory locks are re-entrant
// for that single session; an in-process set is the equivalent mutex there.
const embeddedHolders = new WeakSet<Database>();

export async function withAdvisoryLock<T>(database: Database, key: number, fn: () => Promise<T>): Promise<Locked<T>> {
  if (!database.pool) {
    if (embeddedHolders.has(database)) return { acquired: false };
    embeddedHolders.add(database);
    try {
      return { acquired: true, value: await fn() };
    } finally {
      embeddedHolders.delete(database);
    }
  }

  const client = await database.pool.connect();
  let keepConnection = true;
  try {
    const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1::bigint) as locked", [key]);
    if (!rows[0]?.locked) return { acquired: false };
    try {
      return { acquired: true, value: await fn() };
    } finally {
      // If the unlock fails, drop the connection instead: closing it releases the lock.
      await client.query("select pg_advisory_unlock($1::bigint)", [key]).catch(() => {
        keepConnection = false;
      });
    }
  } finally {
    client.release(keepConnection ? undefined : true);
  }
}
