// What a server process runs beside its requests, wired from the configuration: background work,
// and the graceful stop on signals when the launcher leaves signals to the app.
import { getConfig } from "./app-config";
import { startBackgroundWork } from "./background";
import { getAppContext } from "./context";
import { exitGracefullyOnSignals } from "./lifecycle";

export async function startProcessLife(): Promise<void> {
  const config = getConfig();
  const stopBackground = startBackgroundWork(getAppContext);
  if (config.handlesSignals) {
    exitGracefullyOnSignals(config.shutdownGraceSeconds * 1000, async () => {
      stopBackground();
      const ctx = await getAppContext().catch(() => undefined);
      await ctx?.database.close().catch(() => {});
    });
  }
}
