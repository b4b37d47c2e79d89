// The process-wide database: opened once from config, migrated and seeded before first use.
// Kept on globalThis because Next may load this module in more than one bundle per process.
import { join } from "node:path";
import type { AppConfig } from "../config";
import { AppError } from "../errors";
import { log } from "../log";
import { type Database, describeDatabase, EmbeddedDatabaseDamagedError, openDatabase } from "./client";
import { EmbeddedDatabaseInUseError } from "./embedded-lock";
import { migrateDatabase } from "./migrate";
import { seedDatabase } from "./seed";

const openedDatabase = globalThis as typeof globalThis & { __aiSsaDatabase?: Promise<Database> };

/** Where the embedded database (PGlite) keeps its files. */
export const embeddedDataDir = (config: AppConfig) => join(config.database.dataDir, "pglite");

/** Opens, migrates and seeds; turns "cannot connect" into one clear sentence. */
export async function prepareDatabase(config: AppConfig): Promise<Database> {
  let database: Database;
  try {
    database = await openDatabase({
      url: config.database.url,
      dataDir: embeddedDataDir(config),
      statementTimeoutMs: config.database.statementTimeoutSeconds * 1000,
    });
  } catch (error) {
    throw databaseUnavailable(config.database.url, error);
  }
  try {
    await migrateDatabase(database);
    await seedDatabase(database.db);
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    throw databaseUnavailable(config.database.url, error);
  }
}

/** The operator's sentence: where the database is and why it failed (never the password). */
export function databaseFailureReason(url: string | undefined, cause: unknown): string {
  // The embedded database's own sentences already say where it is and what to do.
  if (cause instanceof EmbeddedDatabaseInUseError || cause instanceof EmbeddedDatabaseDamagedError) return cause.message;
  const reason = cause instanceof Error ? cause.message : String(cause);
  const where = url ? `The database at ${describeDatabase(url)} (DATABASE_URL)` : `The embedded database`;
  return `${where} is not reachable: ${shortReason(reason)}.`;
}

/** The client's error: says the database is down, keeps its address and the reason in the log. */
export function databaseUnavailable(url: string | undefined, cause: unknown): AppError {
  log.error("database unavailable", { detail: databaseFailureReason(url, cause) });
  return new AppError("unavailable:database", "The database is not reachable right now. Please try again shortly.", { cause });
}

function shortReason(message: string): string {
  if (/ECONNREFUSED/.test(message)) return "connection refused";
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return "host not found";
  if (/timeout/i.test(message)) return "connection timed out";
  if (/password authentication failed/i.test(message)) return "password authentication failed";
  if (/does not exist/.test(message)) return message.replace(/^error: /, "");
  return message.split("\n")[0]?.slice(0, 200) ?? "unknown error";
}

export function getDatabase(config: AppConfig): Promise<Database> {
  if (!openedDatabase.__aiSsaDatabase) {
    openedDatabase.__aiSsaDatabase = prepareDatabase(config).catch((error) => {
      openedDatabase.__aiSsaDatabase = undefined; // try again on the next request
      throw error;
    });
  }
  return openedDatabase.__aiSsaDatabase;
}
