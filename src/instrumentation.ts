// Next.js calls register() once when a server instance starts. On the Node.js runtime it starts
// the background work (sweeper, pruning) and, when the launcher asked for it
// (NEXT_MANUAL_SIG_HANDLE=1, as `npm start` and the Docker image do), the graceful stop; and, only
// when OTEL_EXPORTER_OTLP_ENDPOINT is set, the OpenTelemetry SDK (src/server/telemetry.ts), so an
// unset endpoint loads nothing of it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` loads this too while it prerenders: a build must not open the database, start
  // timers or insist on a deployment's configuration.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startProcessLife } = await import("./server/process-life");
  // Validates the configuration first: a bad one stops the server with every problem listed.
  await startProcessLife();
  const { getConfig } = await import("./server/app-config");
  const { otlpEndpoint } = getConfig();
  if (!otlpEndpoint) return;
  const { startTracing } = await import("./server/telemetry");
  // Traces are an aid, not a duty: the app serves without them, and says why.
  await startTracing({ otlpEndpoint }).catch(async (error: unknown) => {
    const { log } = await import("./server/log");
    log.error("tracing: could not start; serving without traces", { error });
  });
}
