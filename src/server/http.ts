// The one place that turns errors into responses: `{error: {code, message}}` with the right status.
// Anything that is not an AppError is logged with a request id and answered as a plain 500.
import type { AppConfig } from "./config";
import { AppError, isAppError } from "./errors";
import { log } from "./log";

export function errorResponse(error: AppError, init: { headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  if (error.retryAfter !== undefined) headers.set("retry-after", String(Math.max(0, Math.ceil(error.retryAfter))));
  const body = { error: { code: error.code, message: error.message, ...(error.details ?? {}) } };
  return new Response(JSON.stringify(body), { status: error.status, headers });
}

export function toErrorResponse(error: unknown, context: { requestId?: string; route?: string } = {}): Response {
  if (isAppError(error)) return errorResponse(error);
  if (isDatabaseUnreachable(error)) {
    log.warn("database unavailable", { ...context, error: rootCause(error) });
    return errorResponse(databaseDown());
  }
  log.error("unhandled error", { ...context, error });
  return errorResponse(new AppError("internal:server", "Something went wrong on our side. Please try again."));
}

/** What a request gets while the database cannot be reached: 503 with Retry-After. */
export const databaseDown = () =>
  new AppError("unavailable:database", "The database is not reachable right now. Please try again shortly.", { retryAfter: 5 });

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const UNREACHABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /not queryable/i,
  /connection (is )?closed/i,
  /the database system is (starting up|shutting down)/i,
];

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current && chain.length < 6; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

const rootCause = (error: unknown) => causes(error).at(-1);

/**
 * A failure to reach PostgreSQL (refused, reset, hung, shutting down), as opposed to a fault in a
 * statement: node-postgres's socket errors and timeouts, SQLSTATE class 08 (connection exception)
 * and 57P (operator intervention), wherever Drizzle wrapped them.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  return causes(error).some((e) => {
    if (!(e instanceof Error)) return false;
    const code = String((e as { code?: unknown }).code ?? "");
    return UNREACHABLE_CODES.has(code) || /^08/.test(code) || /^57P0/.test(code) || UNREACHABLE_MESSAGES.some((m) => m.test(e.message));
  });
}

/**
 * The headers every API response carries (pages get theirs, with a script nonce, from the proxy):
 * nothing may be sniffed, framed or embedded, a strict referrer policy, no powerful features, and
 * HSTS when the app is served over https.
 */
export function withSecurityHeaders(headers: Headers, config?: Pick<AppConfig, "appUrl">): Headers {
  headers.set("x-content-type-options", "nosniff");
  headers.set("referrer-policy", "strict-origin-when-cross-origin");
  headers.set("permissions-policy", PERMISSIONS_POLICY);
  if (!headers.has("content-security-policy"))
    headers.set("content-security-policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  if (config?.appUrl.startsWith("https:")) headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  return headers;
}

/** Features no page of the app uses, turned off for it and anything it might embed. */
export const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()";

export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(data), { ...init, headers });
}

/**
 * Reads a request body as bytes with a size cap: refused with `tooLarge()` as soon as it passes
 * `limit` (a lying Content-Length included), before it is buffered whole. No body reads as empty.
 */
export async function readBodyCapped(request: Request, limit: number, tooLarge: () => AppError): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
