// Preloaded into the benchmarked `next start` processes, the app's and the Next.js floor's
// (NODE_OPTIONS=--require). Writes to stderr, in batches every 20 ms, off the request path (a
// stderr pipe write blocks):
// - `BENCH_QUERY <epoch ms>`: the time of every PostgreSQL query, so the benchmark can count
//   database round trips before the first token;
// - `BENCH_CPU <json>`: for a request that ran alone in the process from arrival to close, the
//   process's CPU time (ms since its arrival) at each step before its first response byte: every
//   query sent, the upstream call (undici's request:create), the first byte. Alone, the process's
//   CPU is this request's, so the steps split what one draft costs before its first token.
// Used only by bench/run.ts; the app itself never loads it.
const http = require("node:http");
const { subscribe } = require("node:diagnostics_channel");

let pending = [];
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** Requests between arrival and close; a request is alone when none other was open during its life. */
const open = new Set();
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithProbe(...args) {
  if (args[0] === "request") track(args[2]);
  return emit.apply(this, args);
};

function track(response) {
  const entry = { alone: open.size === 0, start: cpuMs(), steps: [], done: false };
  for (const other of open) other.alone = false;
  open.add(entry);
  const firstByte = () => {
    if (entry.done) return;
    step("first byte", entry);
    entry.done = true;
  };
  const { write, end } = response;
  response.write = function writeWithProbe(...args) {
    firstByte();
    return write.apply(this, args);
  };
  response.end = function endWithProbe(...args) {
    firstByte();
    return end.apply(this, args);
  };
  response.once("close", () => {
    open.delete(entry);
    if (entry.alone && entry.steps.some(([name]) => name === "upstream call")) pending.push(`BENCH_CPU ${JSON.stringify(entry.steps)}`);
  });
}

/** The request in the process when it is the only one open. */
const onlyOpen = () => (open.size === 1 ? open.values().next().value : undefined);

/** Notes a step of the request, until its first byte. */
function step(name, entry = onlyOpen()) {
  if (!entry || entry.done) return;
  entry.steps.push([name, Number((cpuMs() - entry.start).toFixed(3))]);
}

subscribe("undici:request:create", () => {
  const entry = onlyOpen();
  if (entry && !entry.steps.some(([name]) => name === "upstream call")) step("upstream call", entry);
});

try {
  const pg = require("pg");
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function query(...args) {
    pending.push(`BENCH_QUERY ${(performance.timeOrigin + performance.now()).toFixed(3)}`);
    step("query");
    return original.apply(this, args);
  };
} catch {
  // The Next.js floor has no database.
}

function flush() {
  if (pending.length === 0) return;
  process.stderr.write(`${pending.join("\n")}\n`);
  pending = [];
}
setInterval(flush, 20).unref();
process.on("exit", flush);
