// Advisory locks. One reconciliation at a time across every app instance: a PostgreSQL session
// lock held on one dedicated connection for the whole run (listing pages included), released when
// it ends; if the process dies, its connection closes and PostgreSQL releases it. And transaction
// locks on one Whop object (user, membership, payment), so that two transactions that would each
// miss the other's uncommitted rows run one after the other instead.
import { sql } from "drizzle-orm";
import type { Database, Queryable } from "../db/client";

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

/**
 * The Whop objects whose transaction lock serialises the work on them. Taken in this order within
 * one transaction (user before membership, payment before membership), so two never deadlock.
 */
const OBJECT_LOCK_SPACE = { user: 0x5755_0001, membership: 0x5755_0002, payment: 0x5755_0003 } as const;
export type WhopObject = keyof typeof OBJECT_LOCK_SPACE;

/**
 * Waits for, then holds until this transaction ends, the lock on one Whop object. Re-entrant within
 * a transaction. The two-key form keeps these apart from the one-key reconcile lock; a hash
 * collision between two ids only makes them wait for each other.
 */
export async function lockWhopObject(tx: Queryable, kind: WhopObject, id: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${OBJECT_LOCK_SPACE[kind]}::int, hashtext(${id}))`);
}
