// `npm start` and the CLI scripts as an operator runs them, in a copy of the project with its own
// .env: the launcher and the server read the same .env the same way, a bad one stops the start
// with every problem listed, SIGTERM stops everything it started (no orphan keeps a port), and
// `npm run whop:trigger` finds the app where the configuration says it is.
import { spawnSync } from "node:child_process";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild } from "../../devkit/build";
import { freePort, waitForHttp } from "../../devkit/servers";
import { spawnCaptured } from "../support/processes";
import { type TempProject, tempProject } from "../support/temp-project";

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

/** `npm <args>` in the project, its output kept. */
function npm(project: TempProject, args: string[], env: Record<string, string> = {}) {
  return spawnCaptured("npm", args, { cwd: project.dir, env: { NEXT_TELEMETRY_DISABLED: "1", ...env } });
}

describe("npm start and the CLI in a project with its own .env", () => {
  let project: TempProject;
  beforeAll(() => {
    ensureBuild();
    project = tempProject({ shareBuild: true });
  }, 900_000);
  afterAll(() => project?.remove());

  it("a bad .env stops npm start before anything listens, with every problem on its own line", async () => {
    const port = await freePort();
    project.writeEnv({ PORT: String(port), DATABASE_URL: "mysql://nope", MAX_OUTPUT_TOKENS: "lots", TRUST_PROXY: "everyone" });
    const run = npm(project, ["start"]);
    expect(await run.exited).toBe(1);
    const lines = run.output().split("\n");
    expect(lines).toContain("Configuration error:");
    for (const variable of ["DATABASE_URL", "MAX_OUTPUT_TOKENS", "TRUST_PROXY"])
      expect(run.output()).toMatch(new RegExp(`  - ${variable} `));
    expect(run.output()).not.toMatch(/\n\s+at /);
    expect(await listening(port)).toBe(false);
  }, 120_000);

  it("npm start and the server read .env; whop:trigger finds the app there; SIGTERM stops it all, leaving no port taken", async () => {
    const port = await freePort();
    const idpPort = await freePort();
    project.writeEnv({ PORT: String(port), LOCAL_IDP_PORT: String(idpPort), PRO_PRICE_LABEL: "USD 19 a month, from .env" });
    const run = npm(project, ["start"]);
    try {
      const up = await waitForHttp(`http://localhost:${port}/api/health`, { ready: (r) => r.status === 200, timeoutMs: 120_000 });
      expect(up, run.output()).toBe(true);
      // A setting only the server reads at request time, from the same .env.
      const pricing = await (await fetch(`http://localhost:${port}/pricing`)).text();
      expect(pricing.includes("USD 19 a month, from .env")).toBe(true);
      expect(await listening(idpPort)).toBe(true);

      const trigger = spawnSync("npm", ["run", "whop:trigger", "--", "membership.activated", "--email", "ops@example.com"], {
        cwd: project.dir,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } as unknown as NodeJS.ProcessEnv,
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(trigger.status, trigger.stderr).toBe(0);
      expect(trigger.stdout).toMatch(/→ 200/);

      run.child.kill("SIGTERM");
      const code = await run.exited;
      expect(run.output()).toMatch(/shutdown: done/);
      expect(code, run.output().slice(-2000)).toBe(0);
      await expect.poll(() => listening(port), { timeout: 15_000 }).toBe(false);
      await expect.poll(() => listening(idpPort), { timeout: 15_000 }).toBe(false);
      const orphans = spawnSync("pgrep", ["-f", project.dir], { encoding: "utf8" }).stdout.trim();
      expect(orphans).toBe("");
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
    }
  }, 300_000);
});
