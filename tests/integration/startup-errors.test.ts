import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function runMigrate(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/db.ts", "migrate"], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: "/tmp/ai-ssa-startup-test", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

describe("startup errors are clear lines", () => {
  it("a malformed DATABASE_URL names the variable and stops, one line per problem", () => {
    const r = runMigrate({ DATABASE_URL: "http://example.com/db", PORT: "0" });
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n")).toEqual([
      "Configuration error:",
      expect.stringMatching(/^ {2}- PORT /),
      expect.stringMatching(/^ {2}- DATABASE_URL must be a postgres:\/\//),
    ]);
  });

  it("an unreachable database says where and why, without a stack trace or password", () => {
    const r = runMigrate({ DATABASE_URL: "postgres://postgres:hunter2@127.0.0.1:1/app" });
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => !l.includes('"level":"error"'));
    expect(lines).toEqual(["The database at 127.0.0.1:1/app (DATABASE_URL) is not reachable: connection refused."]);
    expect(r.stderr).not.toMatch(/hunter2|\n\s+at /);
  });
});
