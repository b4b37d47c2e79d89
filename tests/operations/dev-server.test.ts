// `npm run dev` works as documented: it migrates the embedded database, starts the local sign-in
// provider, and a newcomer can sign in and stream a draft from the demo model. Then SIGTERM stops it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_LOCK } from "../../devkit/build";
import { freePort, waitForHttp } from "../../devkit/servers";
import { parseUIStream } from "../support/generation";
import { signInAtProvider } from "../support/oidc";
import { type CapturedProcess, spawnCaptured } from "../support/processes";

describe("npm run dev", () => {
  let dev: CapturedProcess;
  let url = "";
  const dataDir = mkdtempSync(join(tmpdir(), "ai-ssa-dev-"));

  beforeAll(async () => {
    const port = await freePort();
    url = `http://localhost:${port}`;
    // In the project itself (Turbopack compiles only inside it), with its own data folder; it holds
    // the build lock shared, like a running app, so no production build replaces .next meanwhile.
    dev = spawnCaptured("sh", ["-c", `exec 9>>"${BUILD_LOCK}"; flock -s 9; exec npm run dev`], {
      env: { NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), LOCAL_IDP_PORT: String(await freePort()), DATA_DIR: dataDir },
    });
    const up = await waitForHttp(`${url}/api/health`, { ready: (r) => r.status === 200, timeoutMs: 300_000 });
    if (!up) throw new Error(`npm run dev did not come up:\n${dev.output().slice(-3000)}`);
  }, 400_000);
  afterAll(async () => {
    if (dev && dev.child.exitCode === null) {
      dev.child.kill("SIGTERM");
      await dev.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("signs in through the local provider and streams a draft from the demo model", async () => {
    expect(dev.output()).toMatch(/Local sign-in provider \(stands in for Whop\) on http/);
    const started = await fetch(`${url}/api/auth/login?returnTo=%2Fstudio`, { redirect: "manual" });
    expect(started.status).toBe(303);
    const pending = started.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const back = await signInAtProvider(started.headers.get("location") ?? "", "newcomer@example.com");
    const finished = await fetch(back, { redirect: "manual", headers: { cookie: pending } });
    expect(finished.status, await finished.clone().text()).toBe(303);
    const session = finished.headers
      .getSetCookie()
      .find((c) => c.startsWith("ai_ssa_session="))
      ?.split(";")[0];
    expect(session).toBeDefined();

    const response = await fetch(`${url}/api/generate`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: session ?? "", origin: url },
      body: JSON.stringify({ blueprintSlug: "blog-post-outline", userInput: "My first draft in dev mode.", model: "demo" }),
    });
    expect(response.status).toBe(200);
    const read = await parseUIStream(await response.text());
    expect(read.text).toMatch(/Demo model/);
  }, 300_000);
});
