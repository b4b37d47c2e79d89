// The embedded database (PGlite) is one process's at a time: two processes opening the same folder
// corrupt it. The first to open it writes its pid into `<folder>.lock`; any other process that
// finds the lock held by a live process is refused with a sentence saying what to do. A lock left
// by a process that died is taken over.
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";

export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database at ${dataDir} is open in another process (pid ${pid}), most likely the running app. ` +
        "Stop the app first (Ctrl+C where `npm start` runs), or set DATABASE_URL to use a PostgreSQL server, which many processes can share.",
    );
    this.name = "EmbeddedDatabaseInUseError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const held = new Map<string, string>();

/** Takes the folder's lock for this process, or throws EmbeddedDatabaseInUseError. Returns the release. */
export function lockEmbeddedDatabase(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  const release = () => {
    if (held.get(lockFile) !== dataDir) return;
    held.delete(lockFile);
    try {
      if (Number(readFileSync(lockFile, "utf8")) === process.pid) rmSync(lockFile, { force: true });
    } catch {
      // already gone
    }
  };
  if (held.has(lockFile)) return release;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      held.set(lockFile, dataDir);
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = Number(readFileSync(lockFile, "utf8").trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) throw new EmbeddedDatabaseInUseError(dataDir, owner);
    // Left by a process that is gone: move it aside atomically and try again.
    try {
      renameSync(lockFile, `${lockFile}.stale-${process.pid}`);
      rmSync(`${lockFile}.stale-${process.pid}`, { force: true });
    } catch {
      // another process took it over first; the next attempt sees its lock
    }
  }
  throw new Error(`Could not take the lock ${lockFile}.`);
}
