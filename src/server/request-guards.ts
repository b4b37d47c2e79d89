// Checks every request passes before a handler runs (src/server/route.ts applies them):
// - CSRF: a state-changing request (anything but GET, HEAD, OPTIONS) from a browser must come from
//   the app's own origin: its Origin header, or Sec-Fetch-Site when Origin is absent, else
//   403 `forbidden:origin` (a foreign Referer too, when neither is sent). Requests with none of them
//   are not from a browser (no ambient cookies to abuse) and pass; server-to-server routes (signed
//   webhooks, the bearer cron) opt out.
// - The request id: echoed and logged only when it is a plain token, else one of our own.
// - JSON bodies: only `application/json` (415 otherwise; plain cross-site forms cannot send it).
import { randomUUID } from "node:crypto";
import type { AppConfig } from "./config";
import { AppError } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin (scheme, host, port) of an absolute URL, or null when it is not one. */
export function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** 403 `forbidden:origin` unless a state-changing browser request comes from the app's own origin. */
export function assertSameOrigin(config: AppConfig, request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const appOrigin = new URL(config.appUrl).origin;
  const refuse = (): never => {
    throw new AppError("forbidden:origin", "This request must come from AI SSA Studio itself.");
  };
  const origin = request.headers.get("origin");
  // Browsers send Origin on every state-changing request; "null" (sandboxed frames, opaque redirects) is not us.
  if (origin !== null) {
    if (originOf(origin) !== appOrigin) refuse();
    return;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) {
    if (site !== "same-origin" && site !== "none") refuse();
    return;
  }
  // Neither header (an old browser, or not a browser at all): a foreign Referer still gives it away.
  const referer = request.headers.get("referer");
  if (referer !== null && originOf(referer) !== appOrigin) refuse();
}

const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The caller's x-request-id when it is a plain token (letters, digits, _ and -, up to 64), else a new one. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** 415 unless the body is declared application/json. */
export function assertJsonBody(request: Request): void {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") throw new AppError("unsupported_media_type:body", "Send the request as application/json.");
}
