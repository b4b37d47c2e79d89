// Reads of the usage ledger for the dashboard, over a range of UTC days: each day comes from its
// roll-up once it has one (rollup.ts), else from the ledger itself (`open` days: today, and a day
// whose calls still stream), never from both. Either way the same figures: every admitted call,
// follow-ups included, by the UTC day it started.
import { sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import type { DayRange } from "./days";
import { EVENT_DAY, rolledDaysOf, startedOn, TTFT_BUCKET } from "./rollup";

/** Calls and tokens of one day by tier, model and outcome (`errorCode` '' when none). */
export interface UsageCell {
  day: string;
  tier: string;
  model: string;
  status: string;
  errorCode: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

export async function usageCells(db: Queryable, range: DayRange, open: string[]): Promise<UsageCell[]> {
  const rows = await queryRows<Record<keyof UsageCell, string | number>>(
    db,
    sql`WITH cells AS (
        SELECT day, tier, model, status, error_code, calls, input_tokens, output_tokens FROM usage_daily WHERE ${rolledDaysOf(range, open)}
        UNION ALL
        SELECT ${EVENT_DAY}, u.tier, u.model, u.status, coalesce(u.error_code, ''), count(*), coalesce(sum(u.input_tokens), 0),
          coalesce(sum(u.output_tokens), 0)
        FROM usage_event u WHERE ${startedOn(open)} GROUP BY 1, 2, 3, 4, 5)
      SELECT to_char(day, 'YYYY-MM-DD') AS day, tier, model, status, error_code AS "errorCode", calls::int AS calls,
        input_tokens::bigint AS "inputTokens", output_tokens::bigint AS "outputTokens"
      FROM cells`,
  );
  return rows.map((r) => ({
    day: String(r.day),
    tier: String(r.tier),
    model: String(r.model),
    status: String(r.status),
    errorCode: String(r.errorCode),
    calls: Number(r.calls),
    inputTokens: Number(r.inputTokens),
    outputTokens: Number(r.outputTokens),
  }));
}

export interface BlueprintUsage {
  blueprintId: string;
  /** The blueprint's label, or null once it is gone. */
  label: string | null;
  calls: number;
  failed: number;
}

/** Calls per blueprint over the range, most used first. */
export async function blueprintUsage(db: Queryable, range: DayRange, open: string[]): Promise<BlueprintUsage[]> {
  const rows = await queryRows<{ blueprint_id: string; label: string | null; calls: string | number; failed: string | number }>(
    db,
    sql`WITH cells AS (
        SELECT blueprint_id, calls, failed FROM usage_daily_blueprint WHERE ${rolledDaysOf(range, open)}
        UNION ALL
        SELECT coalesce(u.blueprint_id, ''), count(*), count(*) FILTER (WHERE u.status = 'failed')
        FROM usage_event u WHERE ${startedOn(open)} GROUP BY 1)
      SELECT c.blueprint_id, b.label, sum(c.calls)::bigint AS calls, sum(c.failed)::bigint AS failed
      FROM cells c LEFT JOIN prompt_blueprint b ON b.id = c.blueprint_id
      GROUP BY c.blueprint_id, b.label ORDER BY 3 DESC, 2`,
  );
  return rows.map((r) => ({ blueprintId: r.blueprint_id, label: r.label, calls: Number(r.calls), failed: Number(r.failed) }));
}

/** Time to first token per model over the range, as histogram buckets (rollup.ts's TTFT_BUCKET). */
export async function ttftBuckets(
  db: Queryable,
  range: DayRange,
  open: string[],
): Promise<{ model: string; bucket: number; calls: number }[]> {
  const rows = await queryRows<{ model: string; bucket: number; calls: string | number }>(
    db,
    sql`WITH cells AS (
        SELECT model, bucket, calls FROM usage_daily_ttft WHERE ${rolledDaysOf(range, open)}
        UNION ALL
        SELECT u.model, ${TTFT_BUCKET}, count(*) FROM usage_event u WHERE ${startedOn(open)} AND u.ttft_ms IS NOT NULL GROUP BY 1, 2)
      SELECT model, bucket, sum(calls)::bigint AS calls FROM cells GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows.map((r) => ({ model: r.model, bucket: Number(r.bucket), calls: Number(r.calls) }));
}

/** The p-th percentile (0–1) of a bucket histogram, as the bucket's middle (1.05^(k+½) ms): within 2.5 %. */
export function percentileOf(buckets: { bucket: number; calls: number }[], p: number): number | null {
  const sorted = [...buckets].sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((n, b) => n + b.calls, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const b of sorted) {
    seen += b.calls;
    if (seen >= rank) return Math.round(1.05 ** (b.bucket + 0.5));
  }
  return null;
}
