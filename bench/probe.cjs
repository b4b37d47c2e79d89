// Preloaded into the benchmarked `next start` (NODE_OPTIONS=--require): notes the time of every
// PostgreSQL query and writes them to stderr as `BENCH_QUERY <epoch ms>` lines, so the benchmark
// can count database round trips before the first token. The times are written in batches every
// 20 ms, off the request path (a stderr pipe write blocks). Used only by bench/run.ts; the app
// itself never loads it.
const pg = require("pg");
const original = pg.Client.prototype.query;
let pending = [];
pg.Client.prototype.query = function query(...args) {
  pending.push(performance.timeOrigin + performance.now());
  return original.apply(this, args);
};
function flush() {
  if (pending.length === 0) return;
  process.stderr.write(pending.map((t) => `BENCH_QUERY ${t.toFixed(3)}\n`).join(""));
  pending = [];
}
setInterval(flush, 20).unref();
process.on("exit", flush);
