// The admission statement: the rate-limit hit and the daily unit in one statement, so a request is
// admitted (or refused) in one round trip, and a rate-limited request never costs a daily unit.
import { type SQL, sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import { reserveUnitStatement, utcDay } from "./quota";
import { type BucketRow, bucketStatements, bucketsUnderLimit, type RateLimitKey, refusalFor } from "./rate-limit";

/**
 * The CTEs that admit one request: with rate-limit keys (limits kept in the database), the bucket
 * hit comes first and the unit is reserved only when no bucket is over, all in one statement, so
 * the admission is one round trip and a rate-limited request never costs a daily unit. Defines
 * `reserved` (the count, when a unit was reserved); `buckets` says how the rate limit went.
 */
export function admissionCtes(userId: string, limit: number, now: Date, keys?: RateLimitKey[]): { ctes: SQL; buckets: SQL } {
  const day = utcDay(now);
  if (!keys?.length) return { ctes: sql`reserved AS (${reserveUnitStatement(userId, day, limit, now)})`, buckets: sql`NULL::json` };
  const { prune, upsert } = bucketStatements(keys, now);
  const reserve = reserveUnitStatement(userId, day, limit, now, bucketsUnderLimit(keys, sql`buckets`));
  return {
    ctes: sql`pruned AS (${prune}), buckets AS (${upsert}), reserved AS (${reserve})`,
    buckets: sql`(SELECT json_agg(buckets) FROM buckets)`,
  };
}

/** An admission's outcome: throws the rate-limit refusal; else the count, or null at the daily limit. */
export function admissionOutcome(
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
  return admissionOutcome(row, keys, now);
}
