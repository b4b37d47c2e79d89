// Members over time for the dashboard: sign-ups per day, FREE→PRO conversions per day, and how
// many members held PRO at the end of each day (paid through Whop, or only by an admin's comp).
//
// Definitions (the grant rows carry no full history, so these are what they can tell):
// - a sign-up is an identity created that day (its first sign-in);
// - a conversion is an identity's first Whop PRO activation (the earliest `activated_at` among its
//   Whop grants) on that day, when the identity existed before it: a buyer who paid before ever
//   signing in arrives as PRO and is not a conversion. Comps are not conversions;
// - a PRO grant held PRO from `activated_at` until it ended: its `expires_at` (comps), or, once no
//   longer ACTIVE, its last change (`updated_at`, the revocation or expiry). A membership that
//   lapsed and came back shows from its latest activation only.
import { sql } from "drizzle-orm";
import { grantInForce } from "../access/tiers";
import { type Queryable, queryRows } from "../db/client";
import { addDays, type DayRange, dayStart, daysOf, endOfDay } from "./days";

const rangeStart = (range: DayRange) => dayStart(range.from).toISOString();
const rangeEnd = (range: DayRange) => dayStart(addDays(range.to, 1)).toISOString();

async function countsByDay(db: Queryable, query: ReturnType<typeof sql>): Promise<Map<string, number>> {
  const rows = await queryRows<{ day: string; n: string | number }>(db, query);
  return new Map(rows.map((r) => [r.day, Number(r.n)]));
}

export function signupsByDay(db: Queryable, range: DayRange): Promise<Map<string, number>> {
  return countsByDay(
    db,
    sql`SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*) AS n FROM app_identity
      WHERE created_at >= ${rangeStart(range)}::timestamptz AND created_at < ${rangeEnd(range)}::timestamptz GROUP BY 1`,
  );
}

export function conversionsByDay(db: Queryable, range: DayRange): Promise<Map<string, number>> {
  return countsByDay(
    db,
    sql`SELECT to_char((f.first_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*) AS n
      FROM (SELECT g.user_id, min(g.activated_at) AS first_at FROM access_grant g
            JOIN billing_tier bt ON bt.id = g.tier_id AND bt.name = 'PRO'
            WHERE g.source = 'whop' AND g.user_id IS NOT NULL GROUP BY g.user_id) f
      JOIN app_identity i ON i.id = f.user_id AND i.created_at < f.first_at
      WHERE f.first_at >= ${rangeStart(range)}::timestamptz AND f.first_at < ${rangeEnd(range)}::timestamptz GROUP BY 1`,
  );
}

/** Members whose effective tier is PRO right now (a PRO grant in force: tiers.ts's rule), and how many only by a comp. */
export async function activeProNow(db: Queryable): Promise<{ total: number; comp: number }> {
  const [row] = await queryRows<{ total: string | number; comp: string | number }>(
    db,
    sql`SELECT count(*) AS total, count(*) FILTER (WHERE NOT paid) AS comp FROM (
        SELECT g.user_id, bool_or(g.source <> 'comp') AS paid
        FROM access_grant g JOIN billing_tier bt ON bt.id = g.tier_id AND bt.name = 'PRO'
        WHERE g.user_id IS NOT NULL AND ${grantInForce({ status: sql`g.status`, expiresAt: sql`g.expires_at` })}
        GROUP BY g.user_id) members`,
  );
  return { total: Number(row?.total ?? 0), comp: Number(row?.comp ?? 0) };
}

export interface ProDay {
  day: string;
  /** Members holding a Whop PRO membership at the end of the day. */
  paid: number;
  /** Members holding PRO only through a comp grant. */
  comp: number;
}

interface Interval {
  user_id: string;
  source: string;
  /** Epoch milliseconds (numbers parse far faster than timestamps, for thousands of rows). */
  started: number;
  ended: number | null;
}

/** PRO members at the end of each day of the range (now, for today). */
export async function activeProByDay(db: Queryable, range: DayRange, now: Date): Promise<ProDay[]> {
  const intervals = await queryRows<Interval>(
    db,
    sql`SELECT user_id, source, (extract(epoch FROM started) * 1000)::float8 AS started, (extract(epoch FROM ended) * 1000)::float8 AS ended FROM (
        SELECT g.user_id, g.source, g.activated_at AS started,
          CASE WHEN g.status = 'ACTIVE' THEN g.expires_at ELSE least(g.updated_at, coalesce(g.expires_at, g.updated_at)) END AS ended
        FROM access_grant g JOIN billing_tier bt ON bt.id = g.tier_id AND bt.name = 'PRO' WHERE g.user_id IS NOT NULL) s
      WHERE started < ${rangeEnd(range)}::timestamptz AND (ended IS NULL OR ended >= ${rangeStart(range)}::timestamptz)
      ORDER BY user_id COLLATE "C"`,
  );
  const days = daysOf(range);
  const ends = days.map((day) => endOfDay(day, now).getTime());
  const paid = new Int32Array(days.length);
  const comp = new Int32Array(days.length);
  // Per member: 2 = held a paid grant at that day's end, 1 = only a comp. Intervals come grouped by member.
  const held = new Uint8Array(days.length);
  const flush = () => {
    for (let d = 0; d < days.length; d++) {
      if (held[d] === 2) paid[d] = (paid[d] ?? 0) + 1;
      else if (held[d] === 1) comp[d] = (comp[d] ?? 0) + 1;
    }
    held.fill(0);
  };
  let member: string | undefined;
  for (const grant of intervals) {
    if (grant.user_id !== member) {
      if (member !== undefined) flush();
      member = grant.user_id;
    }
    const started = Number(grant.started);
    const ended = grant.ended === null ? Number.POSITIVE_INFINITY : Number(grant.ended);
    const level = grant.source === "comp" ? 1 : 2;
    for (let d = 0; d < days.length; d++) {
      const at = ends[d] as number;
      if (started <= at && at < ended && (held[d] ?? 0) < level) held[d] = level;
    }
  }
  if (member !== undefined) flush();
  return days.map((day, d) => ({ day, paid: paid[d] ?? 0, comp: comp[d] ?? 0 }));
}
