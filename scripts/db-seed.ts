// `npm run db:seed`: add the tiers and blueprints that are missing (idempotent; existing rows stay).
import { join } from "node:path";
import { ConfigError, getConfig } from "../src/server/config";
import { databaseFailureReason } from "../src/server/db";
import { openDatabase } from "../src/server/db/client";
import { migrateDatabase } from "../src/server/db/migrate";
import { seedDatabase } from "../src/server/db/seed";

async function main(): Promise<void> {
  const config = getConfig();
  const database = await openDatabase({ url: config.database.url, dataDir: join(config.database.dataDir, "pglite") });
  try {
    await migrateDatabase(database);
    const result = await seedDatabase(database.db);
    console.log(`Seed complete: ${result.tiersAdded} tiers and ${result.blueprintsAdded} blueprints added.`);
  } catch (error) {
    console.error(databaseFailureReason(config.database.url, error));
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `Seed failed: ${String(error)}`);
  process.exit(1);
});
