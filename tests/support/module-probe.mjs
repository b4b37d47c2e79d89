// Preloaded with `node --import <this file>`: appends to MODULE_PROBE_FILE the URL of every module
// the process resolves through the ESM loader (every `import`, static or dynamic) whose URL contains
// MODULE_PROBE_MATCH. Tests use it to prove that a module was, or was never, loaded.
import { register } from "node:module";

register(new URL("./module-probe-hooks.mjs", import.meta.url), {
  data: { file: process.env.MODULE_PROBE_FILE, match: process.env.MODULE_PROBE_MATCH },
});
