// Tracing against the production build: with OTEL_EXPORTER_OTLP_ENDPOINT set, a draft's trace
// reaches an OTLP/HTTP collector (a tiny local server) with the AI SDK's spans (`ai.streamText` and
// its provider call) inside the request's trace, grouped as a draft and tagged with the output id,
// and neither the brief nor the draft's text in any span. Unset, the OpenTelemetry SDK is never
// loaded: a module probe sees no import of @vercel/otel, a collector named by the SDK's own
// variables hears nothing, and the server says nothing about tracing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "@/server/auth/cookies";
import { ensureBuild } from "../../devkit/build";
import { type ProviderServer, startProviderServer } from "../../devkit/providers/server";
import { freePort } from "../../devkit/servers";
import { type RunningApp, startApp } from "../support/app-server";
import { setCookiePair } from "../support/auth-http";
import { createTestDatabase, onRealPostgres, type TestDatabase } from "../support/db";
import { eventually } from "../support/generation";
import { signInAtProvider, startTestIdp, TEST_CLIENT_ID, type TestIdp } from "../support/oidc";

const PROBE = join(process.cwd(), "tests", "support", "module-probe.mjs");

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: Array<{ key: string; value: OtlpValue }>;
}
interface Collector {
  url: string;
  /** Raw bodies of every request, in arrival order. */
  bodies: string[];
  spans(): OtlpSpan[];
  close(): Promise<void>;
}

/** An OTLP/HTTP collector that takes any export (JSON or protobuf) and answers 200. */
async function startCollector(): Promise<Collector> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => parts.push(chunk));
    req.on("end", () => {
      bodies.push(Buffer.concat(parts).toString("utf8"));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    spans: () =>
      bodies.flatMap((body) => {
        const parsed = JSON.parse(body) as { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: OtlpSpan[] }> }> };
        return (parsed.resourceSpans ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => s.spans ?? []));
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? value?.intValue ?? value?.boolValue;
};

/** Everything a tracing scenario needs: a provider, a sign-in provider, the app, a collector, a probe file. */
async function startScenario(tracing: Record<string, string>) {
  const db: TestDatabase | undefined = onRealPostgres ? await createTestDatabase({ migrate: false, seed: false }) : undefined;
  const provider: ProviderServer = await startProviderServer();
  const collector = await startCollector();
  const probeDir = mkdtempSync(join(tmpdir(), "ai-ssa-probe-"));
  const probeFile = join(probeDir, "loaded.txt");
  writeFileSync(probeFile, "");
  const port = await freePort();
  const idp: TestIdp = await startTestIdp({ appUrl: `http://127.0.0.1:${port}` });
  const app: RunningApp = await startApp({
    port,
    env: {
      WHOP_OAUTH_ISSUER: idp.issuer,
      WHOP_CLIENT_ID: TEST_CLIENT_ID,
      DATABASE_URL: db?.url,
      OPENAI_API_KEY: "sk-test-telemetry-0000",
      OPENAI_BASE_URL: provider.url,
      NODE_OPTIONS: `--import ${PROBE}`,
      MODULE_PROBE_FILE: probeFile,
      MODULE_PROBE_MATCH: "@vercel/otel",
      // JSON so the collector can read it; a short batch delay so spans leave within the test.
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_BSP_SCHEDULE_DELAY: "200",
      ...Object.fromEntries(Object.entries(tracing).map(([k, v]) => [k, v.replace("$COLLECTOR", collector.url)])),
    },
  });
  return {
    app,
    provider,
    collector,
    loadedModules: () => readFileSync(probeFile, "utf8").split("\n").filter(Boolean),
    async stop() {
      await app.stop();
      await idp.close();
      await collector.close();
      await provider.close();
      await db?.drop();
      rmSync(probeDir, { recursive: true, force: true });
    },
  };
}

async function signIn(app: RunningApp, email: string): Promise<string> {
  const started = await fetch(`${app.url}/api/auth/login?returnTo=%2Fstudio`, { redirect: "manual" });
  const pending = started.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  const back = await signInAtProvider(started.headers.get("location") ?? "", email);
  const finished = await fetch(back, { redirect: "manual", headers: { cookie: pending } });
  const session = setCookiePair(finished, SESSION_COOKIE);
  if (!session) throw new Error(`no session cookie (callback answered ${finished.status})`);
  return session;
}

/** One draft through POST /api/generate, read to the end; returns its output id. */
async function draft(app: RunningApp, session: string, brief: string): Promise<string> {
  const response = await fetch(`${app.url}/api/generate`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: session, origin: app.url },
    body: JSON.stringify({ blueprintSlug: "blog-post-outline", userInput: brief, model: "gpt" }),
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toContain("local provider.");
  return response.headers.get("x-output-id") as string;
}

describe("with OTEL_EXPORTER_OTLP_ENDPOINT set, a draft's trace reaches the collector", () => {
  let scenario: Awaited<ReturnType<typeof startScenario>>;
  beforeAll(async () => {
    ensureBuild();
    scenario = await startScenario({ OTEL_EXPORTER_OTLP_ENDPOINT: "$COLLECTOR" });
  }, 900_000);
  afterAll(async () => {
    await scenario?.stop();
  });

  it("with the AI SDK's spans inside the request's trace, tagged, and without the brief or the draft", async () => {
    const { app, collector } = scenario;
    const session = await signIn(app, "traced@example.com");
    const brief = "A private brief about trace-marker-7c1f";
    const outputId = await draft(app, session, brief);

    const streamText = await eventually(
      async () => collector.spans().find((s) => s.name === "ai.streamText" && attribute(s, "ai.telemetry.metadata.outputId") === outputId),
      15_000,
    );
    expect(attribute(streamText, "ai.telemetry.functionId")).toBe("draft");
    expect(attribute(streamText, "ai.telemetry.metadata.model")).toBe("gpt");
    expect(attribute(streamText, "ai.model.provider")).toMatch(/openai/);
    const doStream = await eventually(
      async () => collector.spans().find((s) => s.name === "ai.streamText.doStream" && s.parentSpanId === streamText.spanId),
      15_000,
    );
    expect(Number(attribute(doStream, "ai.usage.outputTokens") ?? attribute(doStream, "gen_ai.usage.output_tokens"))).toBeGreaterThan(0);
    // The SDK's span sits inside the request's trace: Next.js's server span for the route is its root.
    const root = await eventually(async () => {
      const byId = new Map(collector.spans().map((s) => [s.spanId, s]));
      let span: OtlpSpan | undefined = streamText;
      while (span?.parentSpanId) span = byId.get(span.parentSpanId);
      return span && !span.parentSpanId ? span : undefined;
    }, 15_000);
    expect(root.name).toBe("POST /api/generate");
    expect(root.traceId).toBe(streamText.traceId);

    // Prompts and drafts stay out of traces.
    const everything = collector.bodies.join("\n");
    expect(everything).not.toContain("trace-marker-7c1f");
    expect(everything).not.toContain("local provider.");

    expect(app.output()).toContain("tracing: exporting spans over OTLP");
    expect(scenario.loadedModules().some((url) => url.includes("@vercel/otel"))).toBe(true); // the probe sees the SDK when it loads
  });
});

describe("with OTEL_EXPORTER_OTLP_ENDPOINT unset, nothing of tracing is loaded", () => {
  let scenario: Awaited<ReturnType<typeof startScenario>>;
  beforeAll(async () => {
    ensureBuild();
    // The SDK would export here if it were started: only our variable is missing.
    scenario = await startScenario({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "$COLLECTOR/v1/traces", OTEL_LOG_LEVEL: "debug" });
  }, 900_000);
  afterAll(async () => {
    await scenario?.stop();
  });

  it("no import of the SDK, no export, no word about it", async () => {
    const { app, collector } = scenario;
    const session = await signIn(app, "untraced@example.com");
    await draft(app, session, "An untraced brief.");
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // several batch delays
    expect(scenario.loadedModules()).toEqual([]);
    expect(collector.bodies).toEqual([]);
    expect(app.output()).not.toMatch(/tracing:|@vercel\/otel/);
  });
});

describe("a server stopped by SIGTERM sends the spans still waiting in the batch", () => {
  // The batch waits ten minutes: only the flush at shutdown can send the draft's spans in time.
  const held = { OTEL_EXPORTER_OTLP_ENDPOINT: "$COLLECTOR", OTEL_BSP_SCHEDULE_DELAY: "600000", NEXT_MANUAL_SIG_HANDLE: "1" };

  it("before it exits, with the draft's ai.streamText span", async () => {
    ensureBuild();
    const scenario = await startScenario(held);
    try {
      const { app, collector } = scenario;
      const session = await signIn(app, "flushed@example.com");
      const outputId = await draft(app, session, "A brief traced at shutdown.");
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // five times the other suite's batch delay
      expect(collector.spans().some((s) => s.name === "ai.streamText")).toBe(false);

      app.signal("SIGTERM");
      expect(await app.exited).toBe(0);
      const streamText = collector.spans().find((s) => s.name === "ai.streamText");
      expect(streamText && attribute(streamText, "ai.telemetry.metadata.outputId")).toBe(outputId);
      expect(app.output()).toContain("shutdown: done");
    } finally {
      await scenario.stop();
    }
  }, 900_000);

  it("but a collector that never answers does not hold the exit: the app says its last spans are lost", async () => {
    ensureBuild();
    // Takes the connection and the request, and never answers.
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const scenario = await startScenario({ ...held, OTEL_EXPORTER_OTLP_ENDPOINT: silentUrl, SHUTDOWN_GRACE_SECONDS: "1" });
    try {
      const { app } = scenario;
      const session = await signIn(app, "unflushed@example.com");
      await draft(app, session, "A brief whose trace has nowhere to go.");

      const signalled = Date.now();
      app.signal("SIGTERM");
      expect(await app.exited).toBe(0);
      // The grace period finds nothing in flight; the flush gives up after 2 s.
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(app.output()).toContain("shutdown: the trace collector did not answer; its last spans are lost");
      expect(app.output()).toContain("shutdown: done");
    } finally {
      await scenario.stop();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 900_000);
});
