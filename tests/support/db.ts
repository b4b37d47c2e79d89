// Each test file gets a database of its own: a fresh PostgreSQL database on the server named by
// TEST_DATABASE_URL (dropped afterwards), or an in-memory PGlite when that variable is unset.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { type Database, openDatabase } from "@/server/db/client";
import { migrateDatabase } from "@/server/db/migrate";
import { seedDatabase } from "@/server/db/seed";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const onRealPostgres = Boolean(TEST_DATABASE_URL);

export interface TestDatabase extends Database {
  /** URL of this file's database (real PostgreSQL only), for opening more pools or processes. */
  url?: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(options: { seed?: boolean; migrate?: boolean; poolMax?: number } = {}): Promise<TestDatabase> {
  const { seed = true, migrate = true } = options;
  let url: string | undefined;
  let name: string | undefined;
  if (TEST_DATABASE_URL) {
    name = `t_${randomBytes(6).toString("hex")}`;
    await admin((c) => c.query(`create database "${name}"`));
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const database = await openDatabase({ url, dataDir: "memory://", poolMax: options.poolMax ?? 40 });
  if (migrate) await migrateDatabase(database);
  if (seed) await seedDatabase(database.db);
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      if (name) await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** A second, independent handle on the same database (another "app instance"). */
export async function openAnotherHandle(testDb: TestDatabase, poolMax = 20): Promise<Database> {
  if (!testDb.url) throw new Error("several connections need TEST_DATABASE_URL (a real PostgreSQL)");
  return openDatabase({ url: testDb.url, poolMax });
}

/**
 * Opens a second handle on the file's database before the enclosing describe block and closes it
 * after; read the handle inside tests through the returned getter.
 */
export function withAnotherHandle(first: () => TestDatabase, poolMax?: number): () => Database {
  let second: Database | undefined;
  beforeAll(async () => {
    second = await openAnotherHandle(first(), poolMax);
  });
  afterAll(async () => {
    await second?.close();
  });
  return () => {
    if (!second) throw new Error("the second handle is opened in beforeAll");
    return second;
  };
}

const announced = new Set<string>();
/** For describe.skipIf: true when the test needs several real connections and we are on PGlite. */
export function needsRealPostgres(what: string): boolean {
  if (onRealPostgres) return false;
  if (!announced.has(what)) {
    announced.add(what);
    console.warn(`[skipped] ${what}: needs several real connections; set TEST_DATABASE_URL to a PostgreSQL server to run it.`);
  }
  return true;
}
