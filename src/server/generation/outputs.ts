// Writing outputs: the admission statement that reserves a daily unit and creates the streaming
// OutputRecord together, and the settle transactions that store the thread's nodes, the final
// status and usage, give a unit back when nothing was produced, and keep only the newest 20 outputs.
import { sql } from "drizzle-orm";
import { reserveUnitStatement, utcDay } from "../access/quota";
import { type Db, queryRows, type Tx } from "../db/client";
import type { OutputStatus } from "../db/schema";

export const HISTORY_CAP = 20;

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

/**
 * One statement: reserve today's unit (only while under the limit) and, only if that worked, insert
 * the OutputRecord with status streaming. Returns the count after the reservation, or null when the
 * daily limit is reached (nothing written).
 */
export async function admitOutput(
  db: Tx,
  o: { id: string; userId: string; blueprintId: string; prompt: string; model: string; providerModel: string; limit: number; now: Date },
): Promise<number | null> {
  if (o.limit === 0) return null;
  const at = o.now.toISOString();
  const [row] = await queryRows<{ used: number | null; output_id: string | null }>(
    db,
    sql`WITH reserved AS (${reserveUnitStatement(o.userId, utcDay(o.now), o.limit, o.now)}),
      created AS (
        INSERT INTO output_record (id, user_id, blueprint_id, prompt, model, provider_model, status, created_at, updated_at)
        SELECT ${o.id}, ${o.userId}, ${o.blueprintId}, ${o.prompt}, ${o.model}, ${o.providerModel}, 'streaming', ${at}::timestamptz, ${at}::timestamptz
        FROM reserved RETURNING id)
      SELECT (SELECT count FROM reserved) AS used, (SELECT id FROM created) AS output_id`,
  );
  return row?.used === null || row?.used === undefined ? null : Number(row.used);
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

/** Serialises one user's settle transactions, so cap trimming never races or deadlocks. */
async function lockUser(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`outputs:${userId}`}))`);
}

async function insertNodes(tx: Tx, s: Settlement): Promise<void> {
  const at = s.now.toISOString();
  await tx.execute(sql`INSERT INTO conversation_node (output_id, role, content, status, model, created_at, finished_at)
    VALUES (${s.outputId}, 'user', ${s.userText}, 'complete', NULL, ${at}::timestamptz, ${at}::timestamptz)`);
  if (s.assistantText === "") return;
  await tx.execute(sql`INSERT INTO conversation_node (output_id, role, content, status, model, input_tokens, output_tokens, created_at, finished_at)
    VALUES (${s.outputId}, 'assistant', ${s.assistantText}, ${s.status}, ${s.model}, ${s.usage?.inputTokens ?? null},
      ${s.usage?.outputTokens ?? null}, ${at}::timestamptz, ${at}::timestamptz)`);
}

async function refund(tx: Tx, s: Settlement): Promise<void> {
  if (!s.refundDay) return;
  await tx.execute(sql`UPDATE usage_counter SET count = count - 1, updated_at = ${s.now.toISOString()}::timestamptz
    WHERE user_id = ${s.userId} AND day = ${s.refundDay}::date AND count > 0`);
}

/** The first generation ends: final status, usage, nodes, refund if owed, history cap. One transaction. */
export async function settleOutput(db: Db, s: Settlement): Promise<void> {
  await db.transaction(async (tx) => {
    await lockUser(tx, s.userId);
    await refund(tx, s);
    const updated = await queryRows<{ id: string }>(
      tx,
      sql`UPDATE output_record SET status = ${s.status}, error_code = ${s.errorCode ?? null},
          input_tokens = ${s.usage?.inputTokens ?? null}, output_tokens = ${s.usage?.outputTokens ?? null},
          total_tokens = ${s.usage?.totalTokens ?? null}, finished_at = ${s.now.toISOString()}::timestamptz,
          updated_at = ${s.now.toISOString()}::timestamptz
        WHERE id = ${s.outputId} RETURNING id`,
    );
    // Gone already: a newer burst of outputs pushed it past the cap while it streamed.
    if (updated.length === 0) return;
    await insertNodes(tx, s);
    await tx.execute(sql`DELETE FROM output_record WHERE id IN (
        SELECT id FROM output_record WHERE user_id = ${s.userId} ORDER BY created_at DESC, id DESC OFFSET ${HISTORY_CAP})`);
  });
}

/**
 * A follow-up ends: its user and assistant nodes are stored when anything was produced or the user
 * stopped it; a failure with nothing produced stores nothing and gives the unit back.
 */
export async function settleFollowUp(db: Db, s: Settlement): Promise<void> {
  await db.transaction(async (tx) => {
    await lockUser(tx, s.userId);
    await refund(tx, s);
    if (s.status === "failed" && s.assistantText === "") return;
    const touched = await queryRows<{ id: string }>(
      tx,
      sql`UPDATE output_record SET updated_at = ${s.now.toISOString()}::timestamptz WHERE id = ${s.outputId} RETURNING id`,
    );
    if (touched.length > 0) await insertNodes(tx, s);
  });
}
