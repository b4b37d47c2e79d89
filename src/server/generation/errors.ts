// Provider failures turned into what the user reads: a clear sentence and a code, never the
// provider's raw error (which can quote a key) or a stack. The raw detail goes to the log only.
import { APICallError, RetryError } from "ai";
import { log } from "../log";

export type ProviderFailureCode = "provider_auth" | "provider_busy" | "provider_down" | "provider_timeout" | "provider_stream" | "deadline";

export interface ProviderFailure {
  code: ProviderFailureCode;
  message: string;
  statusCode?: number;
}

const MESSAGES: Record<ProviderFailureCode, string> = {
  provider_auth: "The AI provider refused this server's credentials. The site owner has to fix the API key; please try again later.",
  provider_busy: "The AI provider is busy right now. Please try again in a minute.",
  provider_down: "The AI provider had a problem answering. Please try again shortly.",
  provider_timeout: "The AI provider took too long to answer. Please try again.",
  provider_stream: "The connection to the AI provider broke off before the draft was finished. Please try again.",
  deadline: "This draft reached its time limit, so it was stopped. The text so far is saved.",
};

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    chain.push(current);
    current = RetryError.isInstance(current) ? current.lastError : (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** The SDK's own timeouts (TimeoutError) and undici's waits for headers or body. */
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);
const isTimeout = (e: unknown) =>
  (e instanceof Error || e instanceof DOMException) &&
  (e.name === "TimeoutError" || TIMEOUT_CODES.has(String((e as { code?: unknown }).code)));

export function classifyProviderError(error: unknown): ProviderFailure {
  const chain = causes(error);
  // The draft's own overall limit (model-call.ts), before the provider's timeouts.
  if (chain.some((e) => e instanceof Error && e.name === "DeadlineError")) return { code: "deadline", message: MESSAGES.deadline };
  if (chain.some(isTimeout)) {
    return { code: "provider_timeout", message: MESSAGES.provider_timeout };
  }
  const api = chain.find((e) => APICallError.isInstance(e)) as APICallError | undefined;
  const status = api?.statusCode;
  // A 2xx whose body broke off mid-way still carries status 200: that is a stream failure.
  if (status !== undefined && status >= 400) {
    const code: ProviderFailureCode =
      status === 401 || status === 403 ? "provider_auth" : status === 429 ? "provider_busy" : "provider_down";
    return { code, message: MESSAGES[code], statusCode: status };
  }
  if (api && status === undefined) return { code: "provider_down", message: MESSAGES.provider_down };
  return { code: "provider_stream", message: MESSAGES.provider_stream };
}

/** Logs the failure for operators (redacted by log) and returns what the user may see. */
export function reportProviderError(error: unknown, context: { requestId: string; outputId: string; model: string }): ProviderFailure {
  const failure = classifyProviderError(error);
  log.error("generation failed at the provider", { ...context, failure: failure.code, statusCode: failure.statusCode, error });
  return failure;
}
