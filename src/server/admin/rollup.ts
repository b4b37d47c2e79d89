// Rolls closed days of the usage ledger up into usage_daily, usage_daily_blueprint and
// usage_daily_ttft (schema.ts), so the dashboard reads a few thousand rows for 90 days instead of
// every call. A day is rolled up once, by whichever dashboard read first asks for it, and only
// when it is over (plus a margin for clocks a little behind) and none of its calls still streams:
// from then on nothing can change its figures. The marker row and the three roll-ups go in ONE
// statement; a concurrent roll-up of the same day waits on the marker and then skips it.
//
// Every statement here names its days as literal time ranges on started_at: the planner then
// estimates a day's few thousand rows from its statistics. Joined against a generated list of days
// it guessed millions, and PostgreSQL's JIT compiled each query for half a second.
import { type SQL, sql } from "drizzle-orm";
import { utcDay } from "../access/quota";
import { type Queryable, queryRows } from "../db/client";
import { addDays, type DayRange, dayStart, daysOf } from "./days";

/** How long after midnight (UTC) a day stays open: an instance whose clock is behind may still admit into it. */
export const SETTLE_MARGIN_MS = 15 * 60_000;
/** Days rolled up per statement, so a first visit over a long history never holds one statement for long. */
const DAYS_PER_STATEMENT = 31;

/** A ledger event's time-to-first-token bucket: k holds [1.05^k, 1.05^(k+1)) ms, so a bucket is 5 % wide. */
export const TTFT_BUCKET = sql`floor(ln(greatest(u.ttft_ms, 1)) / ln(1.05))::int`;

/** The UTC day an event `u` started on. */
export const EVENT_DAY = sql`(u.started_at AT TIME ZONE 'UTC')::date`;

/** Events `u` that started on any of these days (false for none). */
export function startedOn(days: string[]): SQL {
  if (!days.length) return sql`false`;
  const ranges = days.map(
    (day) =>
      sql`(u.started_at >= ${dayStart(day).toISOString()}::timestamptz AND u.started_at < ${dayStart(addDays(day, 1)).toISOString()}::timestamptz)`,
  );
  return sql`(${sql.join(ranges, sql` OR `)})`;
}

/** The last day that may be rolled up at `now`. */
export function lastClosedDay(now: Date): string {
  return addDays(utcDay(new Date(now.getTime() - SETTLE_MARGIN_MS)), -1);
}

/** The range's days without a roll-up: read from the ledger. */
export async function openDays(db: Queryable, range: DayRange): Promise<string[]> {
  const rolled = await queryRows<{ day: string }>(
    db,
    sql`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM usage_rollup_day WHERE day BETWEEN ${range.from}::date AND ${range.to}::date`,
  );
  const done = new Set(rolled.map((r) => r.day));
  return daysOf(range).filter((day) => !done.has(day));
}

/**
 * Rolls up every closed, settled day of the range not rolled up yet. Returns the days the caller
 * must read from the ledger: those still without a roll-up as far as this call knows (a day another
 * instance rolls up meanwhile reads the same from the ledger, and ledgerDays keeps it from counting twice).
 */
export async function rollUpClosedDays(db: Queryable, range: DayRange, now: Date): Promise<string[]> {
  const open = await openDays(db, range);
  const until = lastClosedDay(now);
  const closed = open.filter((day) => day <= until);
  if (!closed.length) return open;
  const streaming = await queryRows<{ day: string }>(
    db,
    sql`SELECT DISTINCT to_char((started_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day FROM usage_event WHERE status = 'streaming'`,
  );
  const busy = new Set(streaming.map((r) => r.day));
  const candidates = closed.filter((day) => !busy.has(day));
  const rolled = new Set<string>();
  for (let i = 0; i < candidates.length; i += DAYS_PER_STATEMENT) {
    for (const day of await rollUp(db, candidates.slice(i, i + DAYS_PER_STATEMENT), now)) rolled.add(day);
  }
  return open.filter((day) => !rolled.has(day));
}

/** Roll-up rows of the range, except the days read from the ledger instead. */
export const rolledDaysOf = (range: DayRange, ledgerDays: string[]) =>
  sql`day BETWEEN ${range.from}::date AND ${range.to}::date AND day <> ALL(${dateArray(ledgerDays)})`;

const dateArray = (days: string[]) =>
  days.length
    ? sql`ARRAY[${sql.join(
        days.map((d) => sql`${d}`),
        sql`, `,
      )}]::date[]`
    : sql`'{}'::date[]`;

/** One statement: claims the days (a day another roll-up claimed first is skipped) and writes their roll-ups; returns the days it claimed. */
async function rollUp(db: Queryable, days: string[], now: Date): Promise<string[]> {
  const [row] = await queryRows<{ days: string[] | null }>(
    db,
    sql`WITH claimed AS (
        INSERT INTO usage_rollup_day (day, rolled_at) SELECT unnest(${dateArray(days)}), ${now.toISOString()}::timestamptz
        ON CONFLICT (day) DO NOTHING RETURNING day),
      events AS MATERIALIZED (
        SELECT ${EVENT_DAY} AS day, u.tier, u.model, u.status, coalesce(u.error_code, '') AS error_code,
          coalesce(u.blueprint_id, '') AS blueprint_id, u.input_tokens, u.output_tokens,
          CASE WHEN u.ttft_ms IS NULL THEN NULL ELSE ${TTFT_BUCKET} END AS bucket
        FROM usage_event u WHERE ${startedOn(days)} AND ${EVENT_DAY} IN (SELECT day FROM claimed)),
      daily AS (
        INSERT INTO usage_daily (day, tier, model, status, error_code, calls, input_tokens, output_tokens)
        SELECT day, tier, model, status, error_code, count(*), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0)
        FROM events GROUP BY 1, 2, 3, 4, 5 RETURNING 1),
      blueprints AS (
        INSERT INTO usage_daily_blueprint (day, blueprint_id, calls, failed)
        SELECT day, blueprint_id, count(*), count(*) FILTER (WHERE status = 'failed') FROM events GROUP BY 1, 2 RETURNING 1),
      ttft AS (
        INSERT INTO usage_daily_ttft (day, model, bucket, calls)
        SELECT day, model, bucket, count(*) FROM events WHERE bucket IS NOT NULL GROUP BY 1, 2, 3 RETURNING 1)
      SELECT (SELECT array_agg(to_char(day, 'YYYY-MM-DD')) FROM claimed) AS days,
        ((SELECT count(*) FROM daily) + (SELECT count(*) FROM blueprints) + (SELECT count(*) FROM ttft))::int AS rows`,
  );
  return row?.days ?? [];
}
