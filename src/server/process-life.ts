// What a server process runs beside its requests, wired from the configuration: background work,
// and the graceful stop on signals when the launcher leaves signals to the app.
import { getConfig } from "./app-config";
import { startBackgroundWork } from "./background";
import { ConfigError } from "./config";
import { getAppContext } from "./context";
import { exitGracefullyOnSignals } from "./lifecycle";
import { log } from "./log";
import { flushTracing } from "./telemetry";

export async function startProcessLife(): Promise<void> {
  let config: ReturnType<typeof getConfig>;
  try {
    config = getConfig();
  } catch (error) {
    // The server started without a launcher (e.g. `node .next/standalone/server.js`): a bad
    // configuration stops it at once, every problem listed, instead of failing every request.
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const stopBackground = startBackgroundWork(getAppContext);
  if (config.handlesSignals) {
    exitGracefullyOnSignals(config.shutdownGraceSeconds * 1000, async () => {
      stopBackground();
      const ctx = await getAppContext().catch(() => undefined);
      await Promise.all([
        ctx?.database.close().catch(() => {}),
        // The streams have settled: their spans have ended and go out before the process does.
        flushTracing()
          .then((outcome) => {
            if (outcome === "gave_up") log.warn("shutdown: the trace collector did not answer; its last spans are lost");
          })
          .catch((error: unknown) => log.warn("shutdown: traces not sent", { error })),
      ]);
    });
  }
}
