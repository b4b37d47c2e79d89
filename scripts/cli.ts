// What every CLI entry point shares: its configuration read the way the app reads it (the process
// environment, then the .env files, through app-config.ts), and its failures printed as the
// sentences they are (every configuration problem at once, the database's own words) with exit 1,
// never a stack trace.
import { getConfig } from "../src/server/app-config";
import type { AppConfig } from "../src/server/config";
import { ConfigError } from "../src/server/config";
import { databaseFailureReason } from "../src/server/db";
import { isAppError } from "../src/server/errors";

/** Runs `main` with the validated configuration; its number is the exit code. */
export function runCli(name: string, main: (config: AppConfig) => Promise<number | undefined>): void {
  let config: AppConfig | undefined;
  (async () => {
    config = getConfig();
    return (await main(config)) ?? 0;
  })().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(describeFailure(name, config, error));
      process.exit(1);
    },
  );
}

function describeFailure(name: string, config: AppConfig | undefined, error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (isAppError(error) && error.code === "unavailable:database") return databaseFailureReason(config?.database.url, error.cause);
  if (isAppError(error)) return error.message;
  return `${name} failed: ${error instanceof Error ? error.message : String(error)}`;
}
