// What every draft-changing route checks before it acts: the request comes from this site's own
// pages (a cross-site form or script gets 403), and a JSON body is declared as JSON (415 otherwise,
// which also keeps plain cross-site forms out: they cannot send application/json).
import { assertSameOriginRequest } from "../auth/logout";
import type { AppConfig } from "../config";
import { AppError, isAppError } from "../errors";
import { readBodyCapped } from "../http";

const MAX_BODY_BYTES = 4 * 1024;

/** 403 `forbidden:cross_site` unless the request comes from the app's own origin. */
export function assertSameSite(config: AppConfig, request: Request): void {
  try {
    assertSameOriginRequest(config, request);
  } catch (error) {
    // The shared check words its refusal for sign-out; say what was refused here.
    if (isAppError(error) && error.kind === "forbidden") {
      throw new AppError("forbidden:cross_site", "Changes to your drafts must come from AI SSA Studio itself.");
    }
    throw error;
  }
}

export function isJsonRequest(request: Request): boolean {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}

/** The body as JSON: 415 unless it is declared application/json, 413 past 4 KiB, 400 if it does not parse. */
export async function readJson(request: Request, options: { optional?: boolean } = {}): Promise<unknown> {
  if (!isJsonRequest(request)) throw new AppError("unsupported_media_type:body", "Send the request as application/json.");
  const bytes = await readBodyCapped(request, MAX_BODY_BYTES, () => new AppError("too_large:body", "The request is too large."));
  if (bytes.byteLength === 0) {
    if (options.optional) return {};
    throw new AppError("bad_request:body", "The request needs a JSON body.");
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError("bad_request:body", "The request body is not valid JSON.");
  }
}
