// One database handle, two drivers: node-postgres when a URL is given, PGlite (embedded
// Postgres in WASM, persisted to a folder or in memory) when it is not. Same schema, same SQL.
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { SQL } from "drizzle-orm";
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { QueryResultRow } from "pg";
import { lockEmbeddedDatabase } from "./embedded-lock";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** The database itself or an open transaction: functions that may run inside a caller's transaction take this. */
export type Queryable = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

export interface Database {
  db: Db;
  driver: "pg" | "pglite";
  /** The node-postgres pool (pg driver only), for work that needs one dedicated connection. */
  pool?: import("pg").Pool;
  /** Answers when the server is reachable; throws otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded database is used. */
  url?: string;
  /** Folder for the embedded database; "memory://" keeps it in memory. */
  dataDir?: string;
  poolMax?: number;
  connectTimeoutMs?: number;
  /** The longest one statement may wait for its answer before its connection is given up. */
  statementTimeoutMs?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 30_000,
      // A statement whose answer never comes (a connection that hangs without a reset) fails after
      // this instead of holding the request, and its connection is dropped (below).
      query_timeout: options.statementTimeoutMs ?? 10_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on("error", () => {});
    evictHungConnections(pool);
    const db = drizzle(pool, { schema }) as unknown as Db;
    // node-postgres prepares a named query once per connection, then only binds and executes it.
    preparedRunners.set(db, async (name, text, values) => (await pool.query<QueryResultRow>({ name, text, values })).rows);
    return {
      db,
      driver: "pg",
      pool,
      ping: async () => {
        await pool.query("select 1");
      },
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dataDir = options.dataDir ?? "memory://";
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const unlock = inMemory ? () => {} : lockEmbeddedDatabase(dataDir);
  let client: import("@electric-sql/pglite").PGlite;
  try {
    client = await PGlite.create(dataDir);
  } catch (error) {
    unlock();
    throw new EmbeddedDatabaseDamagedError(dataDir, error);
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  // One connection in this process: PGlite's extended protocol already reuses the plan cheaply.
  preparedRunners.set(db, async (_name, text, values) => (await client.query<QueryResultRow>(text, values)).rows);
  return {
    db,
    driver: "pglite",
    ping: async () => {
      await client.query("select 1");
    },
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

/** PGlite could not open its folder: say where it is and what to do, not a WASM abort. */
export class EmbeddedDatabaseDamagedError extends Error {
  constructor(dataDir: string, cause: unknown) {
    super(
      `The embedded database at ${dataDir} could not be opened; its files look damaged. ` +
        `Move the folder aside to start with a fresh database (mv ${dataDir} ${dataDir}.damaged), ` +
        "or restore a copy of it; set DATABASE_URL to use a PostgreSQL server instead.",
      { cause },
    );
    this.name = "EmbeddedDatabaseDamagedError";
  }
}

/**
 * node-postgres gives up waiting on a hung connection (query_timeout) but keeps the connection, and
 * a client released without an error (Drizzle's transactions) would go back to the pool still
 * hung. So when a statement times out, its socket is closed, and so are the sockets of the idle
 * connections (they were most likely opened over the same dead path): the pool drops them all and
 * the next requests open fresh ones, so the app serves again as soon as the database answers.
 */
function evictHungConnections(pool: import("pg").Pool): void {
  type Hangable = import("pg").PoolClient & { connection?: { stream?: { destroy(): void } } };
  const idle = new Set<Hangable>();
  const close = (client: Hangable) => client.connection?.stream?.destroy();
  const onFailure = (client: Hangable) => (error: unknown) => {
    if (!(error instanceof Error && error.message === "Query read timeout")) return;
    close(client);
    for (const other of idle) close(other);
  };
  pool.on("release", (error, client) => {
    if (!error) idle.add(client as Hangable);
  });
  pool.on("acquire", (client) => idle.delete(client as Hangable));
  pool.on("remove", (client) => idle.delete(client as Hangable));
  pool.on("connect", (client) => {
    const hangable = client as Hangable;
    const failed = onFailure(hangable);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const callback = args.at(-1);
      if (typeof callback === "function") {
        args[args.length - 1] = (error: unknown, result: unknown) => {
          failed(error);
          callback(error, result);
        };
      }
      const result = query(...args);
      if (result instanceof Promise) result.catch(failed);
      return result;
    };
  });
}

/** Host and port of a postgres URL, for messages (never the password). */
export function describeDatabase(url: string | undefined): string {
  if (!url) return "the embedded database";
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "the configured database";
  }
}

type PreparedRunner = (name: string, text: string, values: unknown[]) => Promise<QueryResultRow[]>;
/** How each opened database runs a named statement on its driver (transactions are not in here). */
const preparedRunners = new WeakMap<Queryable, PreparedRunner>();

const dialect = new PgDialect();
const statementNames = new Map<string, string>();

/** The prepared-statement name of a statement text: the same text always gets the same name. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `q_${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
    if (statementNames.size < 1000) statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs raw SQL and returns its rows, the same shape on both drivers. On a database handle the
 * statement runs as a node-postgres named query, prepared once per pooled connection and then only
 * bound and executed, so the gate and admission statements are not planned again on every call.
 * Only for statements whose text the code fixes (values are parameters; a list only ever has a
 * handful of lengths), so a connection holds a few dozen of them. Inside a transaction it runs
 * through Drizzle's execute.
 */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const runner = preparedRunners.get(db);
  if (!runner) return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
  const compiled = dialect.sqlToQuery(query);
  return (await runner(statementName(compiled.sql), compiled.sql, compiled.params)) as T[];
}
