// Traces over OTLP, only when OTEL_EXPORTER_OTLP_ENDPOINT is set: src/instrumentation.ts starts the
// OpenTelemetry SDK (@vercel/otel, imported here only then, so an unset endpoint loads nothing), and
// every model call then records the AI SDK's spans (`ai.streamText`, `ai.streamText.doStream`)
// under the request's span. Prompts and drafts are never recorded: only ids, model, tokens, timing.
import type { TelemetrySettings } from "ai";
import type { AppConfig } from "./config";
import { settledWithin } from "./deadline";
import { log } from "./log";

/** On globalThis: instrumentation and route handlers are separate bundles in one process. */
const tracing = globalThis as typeof globalThis & { __aiSsaTracing?: boolean };

/** The service name spans carry (OTEL_SERVICE_NAME, read by the SDK, overrides it). */
export const SERVICE_NAME = "ai-ssa-studio";

/**
 * Starts exporting traces when `config.otlpEndpoint` is set; returns whether it did. The SDK reads
 * the standard OTEL_* variables itself (OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS, OTEL_TRACES_SAMPLER…).
 */
export async function startTracing(config: Pick<AppConfig, "otlpEndpoint">): Promise<boolean> {
  if (!config.otlpEndpoint || tracing.__aiSsaTracing) return Boolean(tracing.__aiSsaTracing);
  const { registerOTel } = await import("@vercel/otel");
  registerOTel({ serviceName: SERVICE_NAME });
  tracing.__aiSsaTracing = true;
  // The origin only: a path or query could carry a token.
  log.info("tracing: exporting spans over OTLP", { endpoint: new URL(config.otlpEndpoint).origin });
  return true;
}

/**
 * Sends the spans still waiting in the batch (the SDK exports every few seconds), so a stopping
 * server does not drop the traces of its last requests. Gives up after `withinMs`, so a collector
 * that does not answer cannot hold the exit. Does nothing when this process does not trace.
 */
export async function flushTracing(withinMs = 2_000): Promise<"sent" | "gave_up" | "not_tracing"> {
  if (!isTracing()) return "not_tracing";
  const { trace } = await import("@opentelemetry/api");
  // The global provider is a proxy around the SDK's; the SDK's has forceFlush.
  const global = trace.getTracerProvider() as { getDelegate?: () => object };
  const provider = (global.getDelegate?.() ?? global) as { forceFlush?: () => Promise<void> };
  const outcome = await settledWithin(Promise.resolve(provider.forceFlush?.()), withinMs);
  return outcome === "late" ? "gave_up" : "sent";
}

/** True once startTracing has registered the SDK in this process. */
export function isTracing(): boolean {
  return tracing.__aiSsaTracing === true;
}

/**
 * The AI SDK's telemetry settings for one model call: enabled only while this process traces,
 * grouped by `functionId` (draft or follow_up), without the prompt or the answer's text.
 */
export function modelCallTelemetry(
  functionId: string,
  metadata: Record<string, string | number | boolean | undefined>,
): TelemetrySettings | undefined {
  if (!isTracing()) return undefined;
  const defined = Object.fromEntries(Object.entries(metadata).filter(([, value]) => value !== undefined)) as Record<
    string,
    string | number | boolean
  >;
  return { isEnabled: true, recordInputs: false, recordOutputs: false, functionId, metadata: defined };
}
