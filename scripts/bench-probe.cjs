// Preloaded into the benchmarked `next start` (NODE_OPTIONS=--require): writes one stderr line per
// PostgreSQL query with its time, so the benchmark can count database round trips before the first
// token. Used only by scripts/bench.ts; the app itself never loads it.
const pg = require("pg");
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function query(...args) {
  process.stderr.write(`BENCH_QUERY ${(performance.timeOrigin + performance.now()).toFixed(3)}\n`);
  return original.apply(this, args);
};
