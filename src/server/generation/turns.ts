// A turn is one admitted model call: a new draft or a follow-up. Its life in the database:
// - admitted: ONE statement counts the rate limit, reserves the daily unit and, only if both
//   allow it, records the turn: its usage event (the ledger row, with a lease), the user's node
//   and a streaming assistant node (and, for a new draft, the OutputRecord, titled after the brief);
// - streaming: the live stream renews the lease and checkpoints the text every few seconds;
// - settled, exactly once (the usage event leaves `streaming` only once): by the stream when it
//   ends, or by the sweeper once the lease has expired (the process died, the final save was
//   lost, the admission's answer never arrived): `failed`/`interrupted` with the checkpointed text.
// A turn that ends failed with no text gives its unit back. A follow-up that fails with nothing
// produced leaves no nodes behind. The history cap keeps the newest 20 outputs and removes
// settled ones only, never one that is streaming or being followed up.
import { sql } from "drizzle-orm";
import { admissionCtes, admissionOutcome } from "../access/admission";
import { utcDay } from "../access/quota";
import type { BucketRow, RateLimitKey } from "../access/rate-limit";
import { type Queryable, queryRows } from "../db/client";
import type { OutputStatus } from "../db/schema";
import { titleFromBrief } from "../drafts/titles";

export const HISTORY_CAP = 20;

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

interface TurnAdmission {
  turnId: string;
  outputId: string;
  identityId: string;
  tier: string;
  blueprintId: string;
  model: string;
  providerModel: string;
  /** The user's message of this turn (the brief of a new draft). */
  userText: string;
  dailyLimit: number;
  rateLimit: RateLimitKey[];
  now: Date;
  /** How long the turn is claimed before its first heartbeat. */
  leaseSeconds: number;
}

const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/**
 * The nodes and the usage event of an admitted turn, as CTEs over `owner` (a CTE yielding the
 * output's id when, and only when, the turn is admitted). Both nodes go in one INSERT, ordered,
 * so the user's node gets the lower id and a thread reads in order.
 */
function turnRecords(kind: "draft" | "follow_up", admission: TurnAdmission) {
  const leaseUntil = new Date(admission.now.getTime() + admission.leaseSeconds * 1000);
  return sql`nodes AS (
      INSERT INTO conversation_node (output_id, role, content, status, model, created_at)
      SELECT owner.id, v.role, v.content, v.status, v.model, ${at(admission.now)} FROM owner
      CROSS JOIN (VALUES (1, 'user', ${admission.userText}, 'complete', NULL::text), (2, 'assistant', '', 'streaming', ${admission.model}))
        AS v(ord, role, content, status, model)
      ORDER BY v.ord RETURNING id, role),
    turn AS (
      INSERT INTO usage_event (id, identity_id, output_id, kind, tier, blueprint_id, model, provider_model, status, started_at,
        unit_day, lease_expires_at, user_node_id, assistant_node_id)
      SELECT ${admission.turnId}, ${admission.identityId}, owner.id, ${kind}, ${admission.tier}, ${admission.blueprintId}, ${admission.model}, ${admission.providerModel}, 'streaming',
        ${at(admission.now)}, ${utcDay(admission.now)}::date, ${at(leaseUntil)},
        (SELECT id FROM nodes WHERE role = 'user'), (SELECT id FROM nodes WHERE role = 'assistant')
      FROM owner RETURNING id)`;
}

async function admit(db: Queryable, kind: "draft" | "follow_up", admission: TurnAdmission, owner: ReturnType<typeof sql>) {
  const { ctes, buckets } = admissionCtes(admission.identityId, admission.dailyLimit, admission.now, admission.rateLimit);
  const [row] = await queryRows<{ used: number | null; buckets: BucketRow[] | null }>(
    db,
    sql`WITH ${ctes}, owner AS (${owner}), ${turnRecords(kind, admission)}
      SELECT (SELECT count FROM reserved) AS used, ${buckets} AS buckets, (SELECT id FROM turn) AS turn_id`,
  );
  return admissionOutcome(row, admission.rateLimit, admission.now);
}

/**
 * Admits a new draft in one statement: rate limit, daily unit, then the streaming OutputRecord
 * (titled after the brief), its nodes and its usage event. Throws `rate_limit:generate` when a
 * bucket is over; returns the count after the reservation, or null at the daily limit (nothing
 * written but the rate-limit hit).
 */
export function admitDraft(db: Queryable, admission: TurnAdmission): Promise<number | null> {
  const owner = sql`INSERT INTO output_record (id, user_id, blueprint_id, prompt, title, model, provider_model, status, created_at, updated_at)
    SELECT ${admission.outputId}, ${admission.identityId}, ${admission.blueprintId}, ${admission.userText}, ${titleFromBrief(admission.userText)}, ${admission.model}, ${admission.providerModel},
      'streaming', ${at(admission.now)}, ${at(admission.now)}
    FROM reserved RETURNING id`;
  return admit(db, "draft", admission, owner);
}

/** Admits a follow-up on an output of this identity in one statement, like admitDraft. */
export function admitFollowUp(db: Queryable, admission: TurnAdmission): Promise<number | null> {
  const owner = sql`UPDATE output_record SET updated_at = ${at(admission.now)}
    WHERE id = ${admission.outputId} AND user_id = ${admission.identityId} AND EXISTS (SELECT 1 FROM reserved) RETURNING id`;
  return admit(db, "follow_up", admission, owner);
}

/**
 * The live stream's heartbeat: renews the lease and, when given, stores the text so far in the
 * assistant node. Returns false when the turn is no longer streaming (already settled).
 */
export async function checkpointTurn(db: Queryable, turnId: string, leaseUntil: Date, text?: string): Promise<boolean> {
  const [row] = await queryRows<{ renewed: number }>(
    db,
    sql`WITH turn AS (
        UPDATE usage_event SET lease_expires_at = ${at(leaseUntil)} WHERE id = ${turnId} AND status = 'streaming'
        RETURNING assistant_node_id),
      saved AS (
        UPDATE conversation_node n SET content = ${text ?? null}::text FROM turn
        WHERE n.id = turn.assistant_node_id AND ${text ?? null}::text IS NOT NULL RETURNING 1)
      SELECT (SELECT count(*) FROM turn)::int AS renewed, (SELECT count(*) FROM saved)::int AS saved`,
  );
  return (row?.renewed ?? 0) > 0;
}

export interface TurnSettlement {
  turnId: string;
  status: Exclude<OutputStatus, "streaming">;
  errorCode?: string;
  /** The assistant's text (may be empty). */
  text: string;
  usage?: Usage;
  /** Milliseconds from admission to the first text, when any came. */
  ttftMs?: number;
  now: Date;
}

/**
 * Settles a turn in ONE statement (one transaction): the usage event's outcome, the assistant node
 * (or no node when nothing was produced; a follow-up that failed with nothing loses its question
 * too), a new draft's OutputRecord, the unit given back when it failed with no text, and the
 * history cap. Does nothing when the turn is already settled (by the sweeper); returns whether it
 * settled it. The cap deletes with SKIP LOCKED so concurrent settles never wait on each other.
 */
export async function settleTurn(db: Queryable, settlement: TurnSettlement): Promise<boolean> {
  const now = at(settlement.now);
  const refund = settlement.status === "failed" && settlement.text === "";
  const text = sql`${settlement.text}::text`;
  const status = sql`${settlement.status}::text`;
  const [row] = await queryRows<{ settled: number }>(
    db,
    sql`WITH turn AS (
        UPDATE usage_event SET status = ${status}, error_code = ${settlement.errorCode ?? null}, input_tokens = ${settlement.usage?.inputTokens ?? null}::int,
          output_tokens = ${settlement.usage?.outputTokens ?? null}::int, ttft_ms = ${settlement.ttftMs ?? null}::int,
          duration_ms = greatest(0, round(extract(epoch FROM (${now} - started_at)) * 1000))::int,
          finished_at = ${now}, lease_expires_at = NULL, unit_refunded = ${refund}
        WHERE id = ${settlement.turnId} AND status = 'streaming'
        RETURNING identity_id, output_id, kind, unit_day, unit_refunded, user_node_id, assistant_node_id),
      answered AS (
        UPDATE conversation_node n SET content = ${text}, status = ${status}, error_code = ${settlement.errorCode ?? null},
          input_tokens = ${settlement.usage?.inputTokens ?? null}::int, output_tokens = ${settlement.usage?.outputTokens ?? null}::int, finished_at = ${now}
        FROM turn WHERE n.id = turn.assistant_node_id AND ${text} <> '' RETURNING 1),
      dropped AS (
        DELETE FROM conversation_node n USING turn
        WHERE ${text} = '' AND (n.id = turn.assistant_node_id OR (turn.kind = 'follow_up' AND ${refund} AND n.id = turn.user_node_id))
        RETURNING 1),
      output AS (
        UPDATE output_record o SET updated_at = ${now},
          status = CASE WHEN turn.kind = 'draft' THEN ${status} ELSE o.status END,
          error_code = CASE WHEN turn.kind = 'draft' THEN ${settlement.errorCode ?? null} ELSE o.error_code END,
          input_tokens = CASE WHEN turn.kind = 'draft' THEN ${settlement.usage?.inputTokens ?? null}::int ELSE o.input_tokens END,
          output_tokens = CASE WHEN turn.kind = 'draft' THEN ${settlement.usage?.outputTokens ?? null}::int ELSE o.output_tokens END,
          total_tokens = CASE WHEN turn.kind = 'draft' THEN ${settlement.usage?.totalTokens ?? null}::int ELSE o.total_tokens END,
          finished_at = CASE WHEN turn.kind = 'draft' THEN ${now} ELSE o.finished_at END
        FROM turn WHERE o.id = turn.output_id RETURNING 1),
      refunded AS (
        UPDATE usage_counter c SET count = c.count - 1, updated_at = ${now} FROM turn
        WHERE turn.unit_refunded AND c.user_id = turn.identity_id AND c.day = turn.unit_day AND c.count > 0 RETURNING 1),
      trimmed AS (
        DELETE FROM output_record WHERE id IN (
          SELECT o.id FROM output_record o WHERE o.id IN (${beyondTheCap(sql`(SELECT identity_id FROM turn WHERE kind = 'draft')`)})
          FOR UPDATE SKIP LOCKED) RETURNING 1)
      SELECT (SELECT count(*) FROM turn)::int AS settled, (SELECT count(*) FROM answered) + (SELECT count(*) FROM dropped)
        + (SELECT count(*) FROM output) + (SELECT count(*) FROM refunded) + (SELECT count(*) FROM trimmed) AS changed`,
  );
  return (row?.settled ?? 0) > 0;
}

/**
 * The outputs of `identity` past the newest HISTORY_CAP that may go: settled, and with no turn of
 * theirs still streaming. Streaming ones count towards the newest 20 but are never removed.
 */
function beyondTheCap(identity: ReturnType<typeof sql>) {
  return sql`SELECT ranked.id FROM (
      SELECT o.id, o.status, row_number() OVER (ORDER BY o.created_at DESC, o.id DESC) AS position
      FROM output_record o WHERE o.user_id = ${identity}) ranked
    WHERE ranked.position > ${HISTORY_CAP} AND ranked.status <> 'streaming'
      AND NOT EXISTS (SELECT 1 FROM usage_event u WHERE u.output_id = ranked.id AND u.status = 'streaming')`;
}

/**
 * Settles every turn whose lease expired before `now` (up to `batch` at a time), whatever stopped
 * its stream: `failed` with error code `interrupted`, the checkpointed text kept, the unit given
 * back when there is none. Safe on many instances at once (SKIP LOCKED, and settling only turns
 * still streaming). Returns how many it settled.
 */
export async function sweepExpiredTurns(db: Queryable, now: Date, batch = 200): Promise<number> {
  const when = at(now);
  const [row] = await queryRows<{ settled: number }>(
    db,
    sql`WITH expired AS (
        SELECT u.id, u.kind, u.output_id, u.identity_id, u.unit_day, u.user_node_id, u.assistant_node_id,
          coalesce((SELECT n.content FROM conversation_node n WHERE n.id = u.assistant_node_id), '') AS text
        FROM usage_event u WHERE u.status = 'streaming' AND u.lease_expires_at < ${when}
        ORDER BY u.lease_expires_at LIMIT ${batch} FOR UPDATE OF u SKIP LOCKED),
      turn AS (
        UPDATE usage_event u SET status = 'failed', error_code = 'interrupted', finished_at = ${when}, lease_expires_at = NULL,
          duration_ms = greatest(0, round(extract(epoch FROM (${when} - u.started_at)) * 1000))::int, unit_refunded = (e.text = '')
        FROM expired e WHERE u.id = e.id
        RETURNING u.id, u.kind, u.output_id, u.identity_id, u.unit_day, u.unit_refunded, u.user_node_id, u.assistant_node_id),
      answered AS (
        UPDATE conversation_node n SET status = 'failed', error_code = 'interrupted', finished_at = ${when}
        FROM turn t JOIN expired e ON e.id = t.id WHERE n.id = t.assistant_node_id AND e.text <> '' RETURNING 1),
      dropped AS (
        DELETE FROM conversation_node n USING turn t
        WHERE t.unit_refunded AND (n.id = t.assistant_node_id OR (t.kind = 'follow_up' AND n.id = t.user_node_id)) RETURNING 1),
      outputs AS (
        UPDATE output_record o SET status = 'failed', error_code = 'interrupted', finished_at = ${when}, updated_at = ${when}
        FROM turn t WHERE t.kind = 'draft' AND o.id = t.output_id AND o.status = 'streaming' RETURNING 1),
      refunds AS (
        UPDATE usage_counter c SET count = greatest(0, c.count - r.units), updated_at = ${when}
        FROM (SELECT identity_id, unit_day, count(*)::int AS units FROM turn WHERE unit_refunded GROUP BY identity_id, unit_day) r
        WHERE c.user_id = r.identity_id AND c.day = r.unit_day RETURNING 1)
      SELECT (SELECT count(*) FROM turn)::int AS settled, (SELECT count(*) FROM answered) + (SELECT count(*) FROM dropped)
        + (SELECT count(*) FROM outputs) + (SELECT count(*) FROM refunds) AS changed`,
  );
  return row?.settled ?? 0;
}
