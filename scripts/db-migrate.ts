// `npm run db:migrate`: apply the committed migrations to DATABASE_URL (or the embedded database).
import { join } from "node:path";
import { ConfigError, getConfig } from "../src/server/config";
import { databaseFailureReason } from "../src/server/db";
import { openDatabase } from "../src/server/db/client";
import { migrateDatabase } from "../src/server/db/migrate";

async function main(): Promise<void> {
  const config = getConfig();
  const database = await openDatabase({ url: config.database.url, dataDir: join(config.database.dataDir, "pglite") });
  try {
    await migrateDatabase(database);
    console.log("Migrations applied.");
  } catch (error) {
    console.error(databaseFailureReason(config.database.url, error));
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${String(error)}`);
  process.exit(1);
});
