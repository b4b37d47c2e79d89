// The JSON body of a draft-changing route. The same-origin check (403) runs for every
// state-changing route in src/server/route.ts before the handler; this adds the body rules:
// application/json only (415; plain cross-site forms cannot send it), 4 KiB at most (413), JSON (400).
import { AppError } from "../errors";
import { readBodyCapped } from "../http";
import { assertJsonBody } from "../request-guards";

const MAX_BODY_BYTES = 4 * 1024;

/** The body as JSON: 415 unless it is declared application/json, 413 past 4 KiB, 400 if it does not parse. */
export async function readJson(request: Request, options: { optional?: boolean } = {}): Promise<unknown> {
  assertJsonBody(request);
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
