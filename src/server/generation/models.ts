// The model registry, built from config and injected (AppContext.models; tests pass their own).
//   claude → Anthropic Messages API (@ai-sdk/anthropic), ANTHROPIC_MODEL
//   gpt    → OpenAI Responses API, or Chat Completions with OPENAI_API=chat (@ai-sdk/openai)
//   local  → any OpenAI-compatible server (Ollama, vLLM, LM Studio) at OPENAI_COMPATIBLE_BASE_URL
//   demo   → local mode's offline demo model (src/server/local), handed in by the composition root
//            as the fallback when none of the above is configured, and never in production
// A model without its key is not offered; asking for it is a 400 that names what is missing.
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { Agent } from "undici";
import type { AppConfig } from "../config";
import { AppError } from "../errors";

export interface ModelInfo {
  id: string;
  label: string;
  isDemo: boolean;
}

export interface ModelEntry extends ModelInfo {
  /** The provider's model id, stored on each output. */
  providerModelId: string;
  model: LanguageModelV3;
}

export interface ProviderTimeouts {
  /** Until the provider's response headers arrive (undici's headersTimeout). */
  responseMs: number;
  /** Longest silence between two parts of the model's stream (the SDK's timeout.chunkMs). */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: ProviderTimeouts = { responseMs: 30_000, idleMs: 30_000 };

export interface ModelRegistry {
  entries: ModelEntry[];
  /** Retries on a provider failure before any output (the SDK backs off between them). */
  maxRetries: number;
  timeouts: ProviderTimeouts;
  get(id: string): ModelEntry | undefined;
}

export interface RegistryOptions {
  timeouts?: ProviderTimeouts;
  maxRetries?: number;
  /** Offered when no provider is configured (local mode's demo model); ignored in production. */
  fallback?: () => ModelEntry;
}

/** The demo model's id and label: stored outputs keep saying what made them. */
export const DEMO_MODEL_ID = "demo";
export const DEMO_MODEL_LABEL = "Demo model — no API key configured";

/**
 * The platform fetch with its own connection pool: keep-alive connections to the providers and a
 * limit on the wait for response headers. The body's silences are the SDK's to time (chunkMs), so
 * undici's body timeout is off: a reader that falls behind pauses the socket without failing.
 */
function providerFetch(timeouts: ProviderTimeouts): typeof fetch {
  const dispatcher = new Agent({ headersTimeout: timeouts.responseMs, bodyTimeout: 0, keepAliveTimeout: 4_000 });
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
}

const NAMES: Record<string, string> = { claude: "Claude", gpt: "GPT", local: "The OpenAI-compatible model", demo: "The demo model" };

/** The label a model shows under, also for stored outputs (the demo model always says what it is). */
export function modelLabel(id: string, providerModelId: string | null | undefined): string {
  if (id === DEMO_MODEL_ID) return DEMO_MODEL_LABEL;
  if (id === "claude") return `Claude (${providerModelId ?? "Anthropic"})`;
  if (id === "gpt") return `GPT (${providerModelId ?? "OpenAI"})`;
  if (id === "local") return `${providerModelId ?? "local model"} (OpenAI-compatible)`;
  return id;
}

export function createModelRegistry(config: AppConfig, options: RegistryOptions = {}): ModelRegistry {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const fetch = providerFetch(timeouts);
  const { anthropic, openai, openaiCompatible } = config.ai;
  const entries: ModelEntry[] = [];
  if (anthropic.apiKey) {
    const provider = createAnthropic({ apiKey: anthropic.apiKey, baseURL: anthropic.baseUrl, fetch });
    entries.push({
      id: "claude",
      label: modelLabel("claude", anthropic.model),
      isDemo: false,
      providerModelId: anthropic.model,
      model: provider(anthropic.model),
    });
  }
  if (openai.apiKey) {
    const provider = createOpenAI({ apiKey: openai.apiKey, baseURL: openai.baseUrl, fetch });
    const model = openai.api === "chat" ? provider.chat(openai.model) : provider.responses(openai.model);
    entries.push({ id: "gpt", label: modelLabel("gpt", openai.model), isDemo: false, providerModelId: openai.model, model });
  }
  if (openaiCompatible.baseUrl && openaiCompatible.model) {
    const provider = createOpenAICompatible({ name: "openai-compatible", baseURL: openaiCompatible.baseUrl, includeUsage: true, fetch });
    entries.push({
      id: "local",
      label: modelLabel("local", openaiCompatible.model),
      isDemo: false,
      providerModelId: openaiCompatible.model,
      model: provider.chatModel(openaiCompatible.model),
    });
  }
  if (entries.length === 0 && !config.isProduction && options.fallback) entries.push(options.fallback());
  return {
    entries,
    maxRetries: options.maxRetries ?? 1,
    timeouts,
    get: (id) => entries.find((e) => e.id === id),
  };
}

/** What the UI offers: id, label (the demo model says so) and whether it is the demo. */
export function listModels(registry: ModelRegistry): ModelInfo[] {
  return registry.entries.map(({ id, label, isDemo }) => ({ id, label, isDemo }));
}

/** The entry for a requested id, or the 400/503 that explains why there is none. */
export function resolveModel(registry: ModelRegistry, id: string): ModelEntry {
  const entry = registry.get(id);
  if (entry) return entry;
  if (registry.entries.length === 0) throw new AppError("unavailable:model", "No AI model is configured on this server.");
  const offered = registry.entries.map((e) => e.id).join(", ");
  if (NAMES[id])
    throw new AppError("bad_request:model_unavailable", `${NAMES[id]} is not configured on this server. Available: ${offered}.`);
  throw new AppError("bad_request:model", `Unknown model "${id.slice(0, 40)}". Available: ${offered}.`);
}
