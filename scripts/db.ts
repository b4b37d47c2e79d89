// `npm run db:migrate` / `npm run db:seed`: apply the committed migrations to DATABASE_URL (or the
// embedded database); `seed` also adds the tiers and blueprints that are missing (existing rows
// stay). The app migrates and seeds at start by itself; with the embedded database the running
// app holds its folder, so these refuse while it runs and say so.
import { embeddedDataDir } from "../src/server/db";
import { openDatabase } from "../src/server/db/client";
import { migrateDatabase } from "../src/server/db/migrate";
import { seedDatabase } from "../src/server/db/seed";
import { AppError } from "../src/server/errors";
import { runCli } from "./cli";

runCli("The database command", async (config) => {
  const command = process.argv[2];
  if (command !== "migrate" && command !== "seed") {
    console.error("Usage: tsx scripts/db.ts migrate|seed");
    return 2;
  }
  const database = await openDatabase({ url: config.database.url, dataDir: embeddedDataDir(config) }).catch((cause: unknown) => {
    throw new AppError("unavailable:database", "The database could not be opened.", { cause });
  });
  try {
    await migrateDatabase(database);
    console.log("Migrations applied.");
    if (command === "seed") {
      const result = await seedDatabase(database.db);
      console.log(`Seed complete: ${result.tiersAdded} tiers and ${result.blueprintsAdded} blueprints added.`);
    }
    return 0;
  } catch (cause) {
    throw new AppError("unavailable:database", "The database could not be migrated.", { cause });
  } finally {
    await database.close();
  }
});
