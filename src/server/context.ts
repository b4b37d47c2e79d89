// The composition root: what route handlers pass to server functions. Tests swap it with
// setAppContext so handlers run against their own database, clock and config.
import { type AppConfig, getConfig } from "./config";
import { getDatabase } from "./db";
import type { Database, Db } from "./db/client";
import type { ModelRegistry } from "./generation/models";

export interface AppContext {
  config: AppConfig;
  database: Database;
  db: Db;
  now: () => Date;
  /** The model registry; when absent, the one built from config (tests inject their own). */
  models?: ModelRegistry;
}

const holder = globalThis as typeof globalThis & { __aiSsaContext?: AppContext };

export async function getAppContext(): Promise<AppContext> {
  if (holder.__aiSsaContext) return holder.__aiSsaContext;
  const config = getConfig();
  const database = await getDatabase(config);
  return { config, database, db: database.db, now: () => new Date() };
}

/** Tests only: make every handler in this process use the given context (undefined resets). */
export function setAppContext(context: AppContext | undefined): void {
  holder.__aiSsaContext = context;
}
