// The composition root: what route handlers and pages pass to server functions (configuration,
// database, clock, model registry, local mode's stand-ins). It is where src/server/local is wired
// in from the configuration. Tests swap it with setAppContext.
import { getConfig } from "./app-config";
import type { PurchaseSimulator } from "./billing/purchase-simulator";
import type { AppConfig } from "./config";
import { getDatabase } from "./db";
import type { Database, Db } from "./db/client";
import { createModelRegistry, type ModelRegistry, type RegistryOptions } from "./generation/models";
import { localStandInsFor } from "./local";

export interface AppContext {
  config: AppConfig;
  database: Database;
  db: Db;
  now: () => Date;
  models: ModelRegistry;
  /** Local mode's purchase simulation; absent while Whop billing is configured, and when deployed. */
  purchases?: PurchaseSimulator;
}

export interface ContextParts {
  config: AppConfig;
  database: Database;
  now?: () => Date;
  /** Registry options (tests shorten timeouts and retries); the registry itself is built here. */
  registry?: RegistryOptions & { demoChunkDelayMs?: number };
}

/** An AppContext from its parts, with the stand-ins the configuration calls for. */
export function composeContext({ config, database, now = () => new Date(), registry = {} }: ContextParts): AppContext {
  const local = localStandInsFor(config, { demoChunkDelayMs: registry.demoChunkDelayMs });
  return {
    config,
    database,
    db: database.db,
    now,
    models: createModelRegistry(config, { fallback: local.demoModel, ...registry }),
    purchases: local.purchases,
  };
}

const installed = globalThis as typeof globalThis & { __aiSsaContext?: AppContext; __aiSsaComposed?: Promise<AppContext> };

export async function getAppContext(): Promise<AppContext> {
  if (installed.__aiSsaContext) return installed.__aiSsaContext;
  installed.__aiSsaComposed ??= (async () => {
    const config = getConfig();
    return composeContext({ config, database: await getDatabase(config) });
  })().catch((error) => {
    installed.__aiSsaComposed = undefined; // the database may come back: try again on the next request
    throw error;
  });
  return installed.__aiSsaComposed;
}

/** Tests only: make every handler in this process use the given context (undefined resets). */
export function setAppContext(context: AppContext | undefined): void {
  installed.__aiSsaContext = context;
}
