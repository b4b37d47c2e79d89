// Next.js calls register() once when a server instance starts. On the Node.js runtime it starts
// the background work (sweeper, pruning) and, when the launcher asked for it
// (NEXT_MANUAL_SIG_HANDLE=1, as `npm start` and the Docker image do), the graceful stop.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startProcessLife } = await import("./server/process-life");
  await startProcessLife();
}
