// `npm run db:migrate` / `npm run db:seed`: apply the committed migrations to DATABASE_URL (or the
// embedded database); `seed` also adds the tiers and blueprints that are missing (existing rows stay).
import { join } from "node:path";
import { getConfig } from "../src/server/app-config";
import { ConfigError } from "../src/server/config";
import { databaseFailureReason } from "../src/server/db";
import { openDatabase } from "../src/server/db/client";
import { migrateDatabase } from "../src/server/db/migrate";
import { seedDatabase } from "../src/server/db/seed";

async function main(command: string | undefined): Promise<void> {
  if (command !== "migrate" && command !== "seed") {
    console.error("Usage: tsx scripts/db.ts migrate|seed");
    process.exit(2);
  }
  const config = getConfig();
  const database = await openDatabase({ url: config.database.url, dataDir: join(config.database.dataDir, "pglite") });
  try {
    await migrateDatabase(database);
    console.log("Migrations applied.");
    if (command === "seed") {
      const result = await seedDatabase(database.db);
      console.log(`Seed complete: ${result.tiersAdded} tiers and ${result.blueprintsAdded} blueprints added.`);
    }
  } catch (error) {
    console.error(databaseFailureReason(config.database.url, error));
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main(process.argv[2]).catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `Database command failed: ${String(error)}`);
  process.exit(1);
});
