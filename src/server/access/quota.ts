// The daily limit: one unit per generation or follow-up, counted per identity per UTC day.
// A unit is reserved by ONE atomic upsert that only increments while under the tier's limit, so
// N concurrent requests with k units left yield exactly k reservations on any number of instances.
import { type SQL, sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import { AppError } from "../errors";
import { type BucketRow, bucketStatements, bucketsUnderLimit, type RateLimitKey, refusalFor } from "./rate-limit";
import { effectiveTier } from "./tiers";

export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/**
 * The reservation statement: inserts today's row at 1 or increments it, but only while the count is
 * under `limit` (a negative limit is unlimited) and `when` holds. Returns `count` when a unit was
 * reserved and no row otherwise. A limit of 0 reserves nothing.
 */
export function reserveUnitStatement(userId: string, day: string, limit: number, now: Date, when: SQL = sql`true`): SQL {
  const underLimit = limit < 0 ? sql`` : sql` WHERE usage_counter.count < ${limit}`;
  const allowed = limit === 0 ? sql`false` : when;
  return sql`INSERT INTO usage_counter (user_id, day, count, updated_at)
    SELECT ${userId}, ${day}::date, 1, ${now.toISOString()}::timestamptz WHERE ${allowed}
    ON CONFLICT (user_id, day) DO UPDATE SET count = usage_counter.count + 1, updated_at = EXCLUDED.updated_at${underLimit}
    RETURNING count`;
}

/**
 * The CTEs that admit one request: with rate-limit keys (limits kept in the database), the bucket
 * hit comes first and the unit is reserved only when no bucket is over, all in one statement, so
 * the admission is one round trip and a rate-limited request never costs a daily unit. Defines
 * `reserved` (the count, when a unit was reserved); `buckets` says how the rate limit went.
 */
export function admissionCtes(userId: string, limit: number, now: Date, keys?: RateLimitKey[]): { ctes: SQL; buckets: SQL } {
  const day = utcDay(now);
  if (!keys) return { ctes: sql`reserved AS (${reserveUnitStatement(userId, day, limit, now)})`, buckets: sql`NULL::json` };
  const { prune, upsert } = bucketStatements(keys, now);
  const reserve = reserveUnitStatement(userId, day, limit, now, bucketsUnderLimit(keys, sql`buckets`));
  return {
    ctes: sql`pruned AS (${prune}), buckets AS (${upsert}), reserved AS (${reserve})`,
    buckets: sql`(SELECT json_agg(buckets) FROM buckets)`,
  };
}

/** An admission's outcome: throws the rate-limit refusal; else the count, or null at the daily limit. */
export function admitted(
  row: { used: number | null; buckets: BucketRow[] | null } | undefined,
  keys: RateLimitKey[] | undefined,
  now: Date,
) {
  const refusal = keys ? refusalFor(keys, row?.buckets ?? [], now) : null;
  if (refusal) throw refusal;
  return row?.used === null || row?.used === undefined ? null : Number(row.used);
}

/**
 * Reserves one unit for today; returns the count after it, or null when the limit is reached. With
 * rate-limit keys, counts the hit in the same statement and throws `rate_limit:generate` when over.
 */
export async function reserveUnit(db: Queryable, userId: string, limit: number, now: Date, keys?: RateLimitKey[]): Promise<number | null> {
  if (limit === 0 && !keys) return null;
  const { ctes, buckets } = admissionCtes(userId, limit, now, keys);
  const [row] = await queryRows<{ used: number | null; buckets: BucketRow[] | null }>(
    db,
    sql`WITH ${ctes} SELECT (SELECT count FROM reserved) AS used, ${buckets} AS buckets`,
  );
  return admitted(row, keys, now);
}

/** Gives a unit back (a generation that failed before producing anything). Never goes below 0. */
export async function refundUnit(db: Queryable, userId: string, day: string, now: Date): Promise<void> {
  await db.execute(sql`UPDATE usage_counter SET count = count - 1, updated_at = ${now.toISOString()}::timestamptz
    WHERE user_id = ${userId} AND day = ${day}::date AND count > 0`);
}

/** The refusal: 429 naming the limit, Retry-After = seconds to the next UTC midnight. */
export function dailyLimitReached(limit: number, now: Date): AppError {
  const resetsAt = nextUtcMidnight(now);
  return new AppError(
    "limit_reached:daily",
    `You have used all ${limit} generations for today. Your limit resets at ${resetsAt.toISOString().slice(11, 16)} UTC.`,
    { retryAfter: Math.ceil((resetsAt.getTime() - now.getTime()) / 1000), details: { limit, resetsAt: resetsAt.toISOString() } },
  );
}

export interface UsageView {
  tier: string;
  /** Generations per UTC day; null is unlimited. */
  limit: number | null;
  used: number;
  /** null when unlimited. */
  remaining: number | null;
  /** The next UTC midnight, when the count starts again (ISO). */
  resetsAt: string;
}

/** Today's usage and the tier's limit, for /api/me and the pages. */
export async function usageToday(db: Queryable, userId: string, now: Date): Promise<UsageView> {
  const tier = await effectiveTier(db, userId);
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`SELECT count FROM usage_counter WHERE user_id = ${userId} AND day = ${utcDay(now)}::date`,
  );
  const used = row ? Number(row.count) : 0;
  const limit = tier.dailyLimit < 0 ? null : tier.dailyLimit;
  return {
    tier: tier.name,
    limit,
    used,
    remaining: limit === null ? null : Math.max(0, limit - used),
    resetsAt: nextUtcMidnight(now).toISOString(),
  };
}
