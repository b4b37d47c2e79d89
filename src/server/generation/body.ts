// Reads a JSON request body with a size cap: an oversized body is refused (413) before it is
// buffered whole, and a malformed one is a 400.
import { AppError } from "../errors";

export const MAX_BODY_BYTES = 64 * 1024;

export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge();
  const reader = request.body?.getReader();
  if (!reader) throw new AppError("bad_request:body", "The request needs a JSON body.");
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    parts.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString("utf8"));
  } catch {
    throw new AppError("bad_request:body", "The request body is not valid JSON.");
  }
}

const tooLarge = () => new AppError("too_large:body", "The request is too large.");
