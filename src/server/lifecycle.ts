// The life of a server process: the streams in flight, and a graceful stop. On SIGTERM or SIGINT
// the process stops taking new work (health and new generations answer 503), lets the streams in
// flight finish for up to SHUTDOWN_GRACE_SECONDS, then stops the rest (each settles `aborted` with
// its text) and exits 0 once every one of them is stored: a rolling deploy loses no draft.
import { settledWithin } from "./deadline";
import { log } from "./log";

/** Stops one stream in flight; resolves once its outcome is settled. */
type StopStream = (reason: unknown) => Promise<void>;

interface ProcessLife {
  stopping: boolean;
  streams: Set<StopStream>;
  /** Resolvers waiting for the last stream to end. */
  idle: Array<() => void>;
}

const life = globalThis as typeof globalThis & { __aiSsaLife?: ProcessLife };
const state = (): ProcessLife => {
  life.__aiSsaLife ??= { stopping: false, streams: new Set(), idle: [] };
  return life.__aiSsaLife;
};

/** The server was asked to stop: new work is refused. */
export function isStopping(): boolean {
  return state().stopping;
}

/** The server is stopping: why a stream in flight was ended. */
export class ShutdownError extends Error {
  constructor() {
    super("The server is restarting.");
    this.name = "ShutdownError";
  }
}

/**
 * True for a ShutdownError from any bundle: the instrumentation and the routes each carry their own
 * copy of this module (and minified class names), so the check goes by the name string.
 */
export function isShutdownError(error: unknown): boolean {
  return error instanceof Error && error.name === "ShutdownError";
}

/** Registers a stream in flight; call the returned function when it has ended and settled. */
export function trackStream(stop: StopStream): () => void {
  const { streams } = state();
  streams.add(stop);
  return () => {
    streams.delete(stop);
    if (streams.size === 0) for (const resolve of state().idle.splice(0)) resolve();
  };
}

/** Stops taking new work, lets the streams in flight finish for `graceMs`, then stops the rest. */
export async function drain(graceMs: number): Promise<void> {
  const current = state();
  current.stopping = true;
  const idle = () => new Promise<void>((resolve) => (current.streams.size === 0 ? resolve() : current.idle.push(resolve)));
  if ((await settledWithin(idle(), graceMs)) === "late") {
    log.info("shutdown: stopping the streams still in flight", { streams: current.streams.size });
    await Promise.all([...current.streams].map((stop) => stop(new ShutdownError()).catch(() => {})));
    await idle();
  }
}

/** Installs the SIGTERM/SIGINT handler: drain, run `cleanup`, exit 0. Once per process. */
export function exitGracefullyOnSignals(graceMs: number, cleanup: () => Promise<void>): void {
  if ((life as { __aiSsaSignals?: boolean }).__aiSsaSignals) return;
  (life as { __aiSsaSignals?: boolean }).__aiSsaSignals = true;
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    log.info("shutdown: signal received; finishing the streams in flight", { signal, graceSeconds: graceMs / 1000 });
    drain(graceMs)
      .then(cleanup)
      .catch((error) => log.error("shutdown: cleanup failed", { error }))
      .finally(() => {
        log.info("shutdown: done");
        process.exit(0);
      });
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
