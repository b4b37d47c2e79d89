// Applies the committed SQL migrations under drizzle/. On a shared server a session advisory
// lock makes concurrent app instances take turns instead of racing on the same DDL.
import { join } from "node:path";
import type { Database } from "./client";
import * as schema from "./schema";

const MIGRATION_LOCK = 7_241_001;

export function migrationsFolder(): string {
  return join(process.cwd(), "drizzle");
}

export async function migrateDatabase(database: Database, folder = migrationsFolder()): Promise<void> {
  if (database.driver === "pglite" || !database.pool) {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type
    await migrate(database.db as any, { migrationsFolder: folder });
    return;
  }
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const client = await database.pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: folder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
