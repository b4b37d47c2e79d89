// Liveness of the parts the app cannot work without; today that is the database.

import { databaseUnavailable } from "./db";
import type { Database } from "./db/client";

export async function checkHealth(database: Database, url?: string): Promise<{ status: "ok"; db: "ok" }> {
  try {
    await database.ping();
  } catch (error) {
    throw databaseUnavailable(url, error);
  }
  return { status: "ok", db: "ok" };
}
