// The embedded database (PGlite under DATA_DIR) is one process's at a time: while one process has
// it open, the CLI commands refuse with a sentence saying what to do instead of opening the files
// behind its back; a damaged one is named with its path and what to do; and data made before and
// after each command survives a restart.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "@/server/db/client";
import { EmbeddedDatabaseInUseError } from "@/server/db/embedded-lock";
import { migrateDatabase } from "@/server/db/migrate";
import { seedDatabase } from "@/server/db/seed";

const dataDir = mkdtempSync(join(tmpdir(), "ai-ssa-embedded-"));
const pgliteDir = join(dataDir, "pglite");
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs a CLI script as `npm run` does, on this data folder and nothing else. */
function cli(script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", join("scripts", script), ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATA_DIR: dataDir,
      WHOP_API_KEY: "apik_x",
      WHOP_COMPANY_ID: "biz_x",
    } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

async function open() {
  const database = await openDatabase({ dataDir: pgliteDir });
  await migrateDatabase(database);
  await seedDatabase(database.db);
  return database;
}

const drafts = async (database: Awaited<ReturnType<typeof open>>) =>
  (await queryRows<{ email: string }>(database.db, sql`SELECT email FROM app_identity ORDER BY email`)).map((r) => r.email);
const addIdentity = (database: Awaited<ReturnType<typeof open>>, email: string) =>
  queryRows(database.db, sql`INSERT INTO app_identity (id, whop_id, email) VALUES (${email}, ${`user_${email}`}, ${email})`);

describe("the embedded database is one process's", () => {
  it("a second opener in the same folder is refused, naming the process that holds it", async () => {
    const first = await open();
    try {
      await expect(openDatabase({ dataDir: pgliteDir })).resolves.toBeDefined(); // the same process may reopen its own
    } finally {
      await first.close();
    }
    // A lock held by another live process: this process's parent stands in for the running app.
    writeFileSync(`${pgliteDir}.lock`, String(process.ppid));
    try {
      await expect(openDatabase({ dataDir: pgliteDir })).rejects.toBeInstanceOf(EmbeddedDatabaseInUseError);
    } finally {
      rmSync(`${pgliteDir}.lock`, { force: true });
    }
  });

  it.each([
    ["db:migrate", "db.ts", ["migrate"]],
    ["db:seed", "db.ts", ["seed"]],
    ["reconcile", "reconcile.ts", []],
  ])(
    "while the app has it open, npm run %s refuses with what to do, and data before and after survives a restart",
    async (_name, script, args) => {
      const app = await open();
      await addIdentity(app, `before-${script}-${args.join("")}@example.com`);
      const refused = cli(script, ...args);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/is open in another process \(pid \d+\).*Stop the app first/);
      expect(refused.stderr).not.toMatch(/\n\s+at |Aborted\(\)/);
      await addIdentity(app, `after-${script}-${args.join("")}@example.com`);
      await app.close();

      const restarted = await open();
      expect(await drafts(restarted)).toEqual(
        expect.arrayContaining([`after-${script}-${args.join("")}@example.com`, `before-${script}-${args.join("")}@example.com`]),
      );
      await restarted.close();
    },
  );

  it("with the app stopped, the commands run, and the data is still there afterwards", async () => {
    const migrated = cli("db.ts", "migrate");
    expect(migrated.status).toBe(0);
    expect(migrated.stdout).toMatch(/Migrations applied/);
    const seeded = cli("db.ts", "seed");
    expect(seeded.status).toBe(0);
    const reopened = await open();
    expect((await drafts(reopened)).length).toBeGreaterThanOrEqual(6);
    await reopened.close();
  });

  it("a damaged embedded database is reported with its path and what to do, not a WASM abort", async () => {
    const damagedDir = mkdtempSync(join(tmpdir(), "ai-ssa-damaged-"));
    try {
      const database = await openDatabase({ dataDir: join(damagedDir, "pglite") });
      await database.close();
      for (const file of ["PG_VERSION", join("global", "pg_control")]) writeFileSync(join(damagedDir, "pglite", file), "not a database");
      expect(readdirSync(join(damagedDir, "pglite")).length).toBeGreaterThan(0);
      const result = spawnSync(process.execPath, ["--import", "tsx", join("scripts", "db.ts"), "migrate"], {
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: damagedDir } as unknown as NodeJS.ProcessEnv,
        encoding: "utf8",
        timeout: 120_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`The embedded database at ${join(damagedDir, "pglite")} could not be opened`);
      expect(result.stderr).toMatch(/Move the folder aside/);
    } finally {
      rmSync(damagedDir, { recursive: true, force: true });
    }
  });
});
