// `npm run bench:admin`: the admin dashboard at scale. Seeds a fresh PostgreSQL database
// (BENCH_DATABASE_URL, default the local server) with SQL generate_series: 50,000 members signed up
// over 400 days (one in ten bought PRO, a third of those lapsed; 500 comps) and 1,000,000 usage
// events over 400 days on four models (some failed, aborted or follow-ups). Then times, on the
// server side (the functions the pages call, over one pg pool), the overview page's data for 7, 30,
// 90 and 365 days: the first read of a range (it rolls the range's closed days up, once) and the
// median of the reads after it, plus the member search and a member's page. Target: the 90-day
// overview under 300 ms. BENCH_KEEP=1 keeps the database.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { memberDetail, searchMembers } from "../src/server/admin/members";
import { loadConfig } from "../src/server/config";
import { openDatabase, queryRows } from "../src/server/db/client";
import { migrateDatabase } from "../src/server/db/migrate";
import { seedDatabase } from "../src/server/db/seed";
import { adminOverview } from "../src/server/ui/admin";
import { benchDatabase } from "./setup";

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 50_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const HISTORY_DAYS = 400;
const WARM_RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TARGET_MS = 300;

/** Everything in SQL, in a handful of statements: members, their grants, the ledger. */
const SEED = [
  sql`INSERT INTO app_identity (id, whop_id, email, created_at, updated_at, last_sign_in_at)
    SELECT 'm' || i, 'user_bench_' || i, 'member' || i || '@example.com', c, c, c + random() * (now() - c)
    FROM (SELECT i, now() - random() * ${HISTORY_DAYS} * interval '1 day' AS c FROM generate_series(1, ${MEMBERS}) i) s ORDER BY c`,
  sql`INSERT INTO access_grant (id, user_id, whop_user_id, tier_id, status, source, activated_at, updated_at)
    SELECT 'gs' || substr(id, 2), id, whop_id, (SELECT id FROM billing_tier WHERE name = 'FREE'), 'ACTIVE', 'signup', created_at, created_at
    FROM app_identity`,
  sql`INSERT INTO access_grant (id, user_id, whop_user_id, tier_id, status, source, whop_membership_id, whop_status, activated_at, updated_at, last_event_at)
    SELECT 'gw' || substr(id, 2), id, whop_id, (SELECT id FROM billing_tier WHERE name = 'PRO'),
      CASE WHEN lapsed THEN 'EXPIRED' ELSE 'ACTIVE' END, 'whop', 'mem_' || substr(id, 2), CASE WHEN lapsed THEN 'expired' ELSE 'active' END,
      bought, CASE WHEN lapsed THEN bought + random() * (now() - bought) ELSE bought END, bought
    FROM (SELECT id, whop_id, created_at + random() * (now() - created_at) AS bought, random() < 0.33 AS lapsed
          FROM app_identity WHERE substr(id, 2)::int % 10 = 0) s`,
  sql`INSERT INTO access_grant (id, user_id, whop_user_id, tier_id, status, source, activated_at, expires_at, updated_at)
    SELECT 'gc' || substr(id, 2), id, whop_id, (SELECT id FROM billing_tier WHERE name = 'PRO'), 'ACTIVE', 'comp', at, at + interval '30 days', at
    FROM (SELECT id, whop_id, now() - random() * interval '120 days' AS at FROM app_identity WHERE substr(id, 2)::int % 100 = 7) s`,
  sql`INSERT INTO usage_event (id, identity_id, output_id, kind, tier, blueprint_id, model, provider_model, status, error_code,
      input_tokens, output_tokens, ttft_ms, duration_ms, started_at, finished_at, unit_day, unit_refunded)
    SELECT 'u' || s.i, 'm' || (1 + (s.i::bigint * 7919) % ${MEMBERS}), 'o' || (s.i / 3), CASE WHEN s.i % 4 = 0 THEN 'follow_up' ELSE 'draft' END,
      CASE WHEN s.r1 < 0.3 THEN 'PRO' ELSE 'FREE' END, b.id, m.model, m.provider_model, o.status, o.code,
      CASE WHEN o.refunded THEN NULL ELSE 200 + (s.r2 * 1800)::int END,
      CASE WHEN o.refunded THEN NULL ELSE 100 + (s.r2 * 900)::int END,
      CASE WHEN o.status = 'failed' THEN NULL ELSE 300 + (s.r1 * s.r2 * 4000)::int END,
      2000 + (s.r2 * 20000)::int, s.t, s.t + interval '10 seconds', (s.t AT TIME ZONE 'UTC')::date, o.refunded
    FROM (SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, now() - random() * ${HISTORY_DAYS} * interval '1 day' AS t
          FROM generate_series(1, ${EVENTS}) i) s
    CROSS JOIN LATERAL (SELECT CASE WHEN s.r3 < 0.45 THEN 'gpt' WHEN s.r3 < 0.9 THEN 'claude' WHEN s.r3 < 0.97 THEN 'local' ELSE 'demo' END AS model) m0
    CROSS JOIN LATERAL (SELECT m0.model, CASE m0.model WHEN 'gpt' THEN 'gpt-4o' WHEN 'claude' THEN 'claude-sonnet-4-5'
      WHEN 'local' THEN 'llama3.1' ELSE 'demo' END AS provider_model) m
    CROSS JOIN LATERAL (SELECT CASE WHEN s.r4 < 0.9 THEN 'complete' WHEN s.r4 < 0.94 THEN 'aborted' ELSE 'failed' END AS status,
      CASE WHEN s.r4 < 0.94 THEN NULL WHEN s.r4 < 0.96 THEN 'provider_busy' WHEN s.r4 < 0.975 THEN 'provider_timeout'
        WHEN s.r4 < 0.99 THEN 'interrupted' ELSE 'provider_down' END AS code,
      s.r4 >= 0.94 AND NOT (s.r4 >= 0.975 AND s.r4 < 0.99) AS refunded) o
    CROSS JOIN LATERAL (SELECT id FROM prompt_blueprint WHERE sort_order = 1 + (s.i % 8)) b
    ORDER BY s.t`, // the ledger is appended in time order, so a day's events sit together on disk

  sql`INSERT INTO webhook_event (id, type, occurred_at, received_at, processed_at, outcome, payload)
    SELECT 'msg_' || i, CASE WHEN i % 3 = 0 THEN 'payment.succeeded' ELSE 'membership.activated' END, t, t, t,
      CASE WHEN i % 10 = 0 THEN 'ignored: plan not PRO' ELSE 'applied: none -> ACTIVE' END, '{"type":"membership.activated","data":{}}'::jsonb
    FROM (SELECT i, now() - random() * ${HISTORY_DAYS} * interval '1 day' AS t FROM generate_series(1, 5000) i) s`,
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  const handle = await openDatabase({ url: database.url, poolMax: 10, statementTimeoutMs: 120_000 });
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle.db);
    const seeding = performance.now();
    for (const statement of SEED) await handle.db.execute(statement);
    await handle.db.execute(sql`VACUUM ANALYZE`);
    const [counts] = await queryRows<{ members: number; events: number; grants: number }>(
      handle.db,
      sql`SELECT (SELECT count(*) FROM app_identity)::int AS members, (SELECT count(*) FROM usage_event)::int AS events,
        (SELECT count(*) FROM access_grant)::int AS grants`,
    );
    console.log(
      `seeded ${counts?.members} members, ${counts?.grants} grants, ${counts?.events} usage events over ${HISTORY_DAYS} days ` +
        `in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );

    const config = loadConfig({
      APP_URL: "http://localhost:3000",
      SESSION_SECRET: "x".repeat(32),
      WHOP_WEBHOOK_SECRET: "ws_bench",
      DATABASE_URL: database.url,
    });
    const now = new Date();
    console.log(
      "\noverview page data (server side, ms): a range's first read rolls up its closed days not rolled up yet; then the median of the next reads",
    );
    const results: Record<number, { first: number; median: number }> = {};
    const rolledDays = async () =>
      Number((await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM usage_rollup_day`))[0]?.n ?? 0);
    for (const days of [90, 7, 30, 365]) {
      const before = await rolledDays();
      const first = await time(() => adminOverview(handle.db, config, { days, now }));
      const rolled = (await rolledDays()) - before;
      const warm: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) warm.push(await time(() => adminOverview(handle.db, config, { days, now })));
      results[days] = { first, median: median(warm) };
      console.log(
        `  ${String(days).padStart(3)} days  first ${first.toFixed(0).padStart(6)} (rolled up ${String(rolled).padStart(3)} days)  ` +
          `median of ${WARM_RUNS} ${median(warm).toFixed(1).padStart(7)}  (min ${Math.min(...warm).toFixed(1)}, max ${Math.max(...warm).toFixed(1)})`,
      );
    }

    const search = [] as number[];
    const detail = [] as number[];
    for (let i = 0; i < WARM_RUNS; i++) {
      search.push(await time(() => searchMembers(handle.db, { q: `member${1000 + i}`, now })));
      detail.push(await time(() => memberDetail(handle.db, config, `m${100 + i * 10}`, now)));
    }
    const newest = await time(() => searchMembers(handle.db, { now }));
    console.log(
      `\nmembers: search by email ${median(search).toFixed(1)} ms (median), newest 50 ${newest.toFixed(1)} ms, a member's page ${median(detail).toFixed(1)} ms`,
    );

    const ninety = results[90];
    const met = ninety !== undefined && ninety.median < TARGET_MS;
    console.log(`\n90-day overview: ${ninety?.median.toFixed(1)} ms median (target < ${TARGET_MS} ms): ${met ? "met" : "NOT met"}`);
    if (!met) process.exitCode = 1;
  } finally {
    await handle.close();
    if (process.env.BENCH_KEEP) console.log(`kept ${database.url}`);
    else await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
