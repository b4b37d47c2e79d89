// The loader hooks of module-probe.mjs (they run on Node's loader thread).
import { appendFileSync } from "node:fs";

let probe = { file: undefined, match: undefined };

export function initialize(data) {
  probe = data;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (probe.file && probe.match && resolved.url.includes(probe.match)) appendFileSync(probe.file, `${resolved.url}\n`);
  return resolved;
}
