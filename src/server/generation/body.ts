// Reads a JSON request body with a size cap: an oversized body is refused (413) before it is
// buffered whole, and a malformed one is a 400.
import { AppError } from "../errors";
import { readBodyCapped } from "../http";
import { assertJsonBody } from "../request-guards";

export const MAX_BODY_BYTES = 64 * 1024;

export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  assertJsonBody(request);
  const hasBody = request.body !== null;
  const bytes = await readBodyCapped(request, maxBytes, tooLarge);
  if (!hasBody) throw new AppError("bad_request:body", "The request needs a JSON body.");
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError("bad_request:body", "The request body is not valid JSON.");
  }
}

const tooLarge = () => new AppError("too_large:body", "The request is too large.");
