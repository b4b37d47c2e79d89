// Writing outputs: the admission statement that reserves a daily unit and creates the streaming
// OutputRecord together, and the settle statements that store the thread's nodes, the final status
// and usage, give a unit back when nothing was produced, and keep only the newest 20 outputs.
import { sql } from "drizzle-orm";
import { admissionCtes, admissionOutcome } from "../access/admission";
import type { BucketRow, RateLimitKey } from "../access/rate-limit";
import { type Queryable, queryRows } from "../db/client";
import type { OutputStatus } from "../db/schema";

export const HISTORY_CAP = 20;

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

/**
 * One statement: count the rate-limit hit (when `rateLimit` keys are given, i.e. the limits live in
 * the database), reserve today's unit (only while under the limit and not rate-limited) and, only
 * if that worked, insert the OutputRecord with status streaming. Throws `rate_limit:generate` when a
 * bucket is over; returns the count after the reservation, or null when the daily limit is reached
 * (nothing written but the rate-limit hit).
 */
export async function admitOutput(
  db: Queryable,
  o: {
    id: string;
    userId: string;
    blueprintId: string;
    prompt: string;
    model: string;
    providerModel: string;
    limit: number;
    now: Date;
    rateLimit?: RateLimitKey[];
  },
): Promise<number | null> {
  if (o.limit === 0 && !o.rateLimit) return null;
  const at = o.now.toISOString();
  const { ctes, buckets } = admissionCtes(o.userId, o.limit, o.now, o.rateLimit);
  const [row] = await queryRows<{ used: number | null; buckets: BucketRow[] | null }>(
    db,
    sql`WITH ${ctes},
      created AS (
        INSERT INTO output_record (id, user_id, blueprint_id, prompt, model, provider_model, status, created_at, updated_at)
        SELECT ${o.id}, ${o.userId}, ${o.blueprintId}, ${o.prompt}, ${o.model}, ${o.providerModel}, 'streaming', ${at}::timestamptz, ${at}::timestamptz
        FROM reserved RETURNING id)
      SELECT (SELECT count FROM reserved) AS used, ${buckets} AS buckets, (SELECT id FROM created) AS output_id`,
  );
  return admissionOutcome(row, o.rateLimit, o.now);
}

export interface Settlement {
  outputId: string;
  userId: string;
  status: Exclude<OutputStatus, "streaming">;
  errorCode?: string;
  /** The user's message of this turn and the assistant's text so far (may be empty). */
  userText: string;
  assistantText: string;
  model: string;
  usage?: Usage;
  /** The UTC day the unit was reserved on, when it must be given back. */
  refundDay?: string;
  now: Date;
}

/** The thread's new nodes: the user's message, and the assistant's text when there is any. */
function nodeRows(s: Settlement) {
  const at = sql`${s.now.toISOString()}::timestamptz`;
  const user = sql`(1, 'user', ${s.userText}, 'complete', NULL::text, NULL::int, NULL::int, ${at})`;
  if (s.assistantText === "") return user;
  return sql`${user}, (2, 'assistant', ${s.assistantText}, ${s.status}, ${s.model}, ${s.usage?.inputTokens ?? null}::int,
    ${s.usage?.outputTokens ?? null}::int, ${at})`;
}

const refundOwed = (s: Settlement) =>
  s.refundDay
    ? sql`UPDATE usage_counter SET count = count - 1, updated_at = ${s.now.toISOString()}::timestamptz
        WHERE user_id = ${s.userId} AND day = ${s.refundDay}::date AND count > 0 RETURNING 1`
    : sql`SELECT 1 WHERE false`;

/**
 * The first generation ends, in ONE statement (so one transaction and one round trip): final status
 * and usage, the user and assistant nodes, the unit given back if owed, and the history cap. The cap
 * deletes with SKIP LOCKED: rows another settle is already deleting are left to it, so concurrent
 * settles of one user never wait on each other or deadlock.
 */
export async function settleOutput(db: Queryable, s: Settlement): Promise<void> {
  const at = sql`${s.now.toISOString()}::timestamptz`;
  await queryRows(
    db,
    sql`WITH refunded AS (${refundOwed(s)}),
    updated AS (
      UPDATE output_record SET status = ${s.status}, error_code = ${s.errorCode ?? null},
        input_tokens = ${s.usage?.inputTokens ?? null}::int, output_tokens = ${s.usage?.outputTokens ?? null}::int,
        total_tokens = ${s.usage?.totalTokens ?? null}::int, finished_at = ${at}, updated_at = ${at}
      WHERE id = ${s.outputId} RETURNING id),
    nodes AS (
      INSERT INTO conversation_node (output_id, role, content, status, model, input_tokens, output_tokens, created_at, finished_at)
      SELECT u.id, v.role, v.content, v.status, v.model, v.input_tokens, v.output_tokens, v.at, v.at
      FROM updated u CROSS JOIN (VALUES ${nodeRows(s)}) AS v(ord, role, content, status, model, input_tokens, output_tokens, at)
      ORDER BY v.ord RETURNING 1),
    trimmed AS (
      DELETE FROM output_record WHERE id IN (
        SELECT id FROM output_record WHERE user_id = ${s.userId} AND id <> ${s.outputId} AND EXISTS (SELECT 1 FROM updated)
        ORDER BY created_at DESC, id DESC OFFSET ${HISTORY_CAP - 1} FOR UPDATE SKIP LOCKED) RETURNING 1)
    SELECT (SELECT count(*) FROM refunded) + (SELECT count(*) FROM nodes) + (SELECT count(*) FROM trimmed) AS changed`,
  );
}

/**
 * A follow-up ends, in one statement: its user and assistant nodes are stored when anything was
 * produced or the user stopped it; a failure with nothing produced stores nothing and gives the
 * unit back. A follow-up adds no output, so the cap is untouched.
 */
export async function settleFollowUp(db: Queryable, s: Settlement): Promise<void> {
  const at = sql`${s.now.toISOString()}::timestamptz`;
  const keep = s.status === "failed" && s.assistantText === "" ? sql`false` : sql`true`;
  await queryRows(
    db,
    sql`WITH refunded AS (${refundOwed(s)}),
    touched AS (UPDATE output_record SET updated_at = ${at} WHERE id = ${s.outputId} AND ${keep} RETURNING id),
    nodes AS (
      INSERT INTO conversation_node (output_id, role, content, status, model, input_tokens, output_tokens, created_at, finished_at)
      SELECT t.id, v.role, v.content, v.status, v.model, v.input_tokens, v.output_tokens, v.at, v.at
      FROM touched t CROSS JOIN (VALUES ${nodeRows(s)}) AS v(ord, role, content, status, model, input_tokens, output_tokens, at)
      ORDER BY v.ord RETURNING 1)
    SELECT (SELECT count(*) FROM refunded) + (SELECT count(*) FROM nodes) AS changed`,
  );
}
