// The daily limit: one unit per generation or follow-up, counted per identity per UTC day.
// A unit is reserved by ONE atomic upsert that only increments while under the tier's limit, so
// N concurrent requests with k units left yield exactly k reservations on any number of instances
// (admission.ts composes it with the rate limit into the statement that admits a request).
import { type SQL, sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import { AppError } from "../errors";
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
