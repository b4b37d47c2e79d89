// Liveness for load balancers and operators: 200 when the app can reach the database, 503 (JSON,
// with Retry-After) when it cannot or when the server is shutting down. Always answers within
// HEALTH_DEADLINE_MS, even when connections to the database hang.
import type { AppContext } from "./context";
import { settledWithin } from "./deadline";
import { AppError } from "./errors";
import { databaseDown } from "./http";
import { log } from "./log";

export const HEALTH_DEADLINE_MS = 1_500;

export async function checkHealth(
  context: () => Promise<AppContext>,
  options: { stopping?: boolean } = {},
): Promise<{ status: "ok"; db: "ok" }> {
  if (options.stopping) throw new AppError("unavailable:shutting_down", "This server is shutting down.", { retryAfter: 1 });
  const ping = (async () => (await context()).database.ping())();
  try {
    if ((await settledWithin(ping, HEALTH_DEADLINE_MS)) === "late") {
      ping.catch(() => {});
      throw new Error("the database did not answer in time");
    }
  } catch (error) {
    log.warn("health check: database unavailable", { error });
    throw databaseDown();
  }
  return { status: "ok", db: "ok" };
}
