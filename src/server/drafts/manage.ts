// Renaming and deleting a draft. Each is one statement scoped to the owner, so another user's id
// and an unknown id both change nothing and answer 404. Deleting removes the thread with it (the
// nodes cascade) and frees a slot under the history cap; the usage ledger keeps its rows. A draft
// that is still being written is not deleted under its stream (409), unless it has been "writing"
// for over an hour, which no live stream does.
import { sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import { AppError } from "../errors";
import { draftNotFound, isDraftId } from "./draft";

const STALE_STREAM = "1 hour";

export async function renameDraft(
  db: Queryable,
  userId: string,
  outputId: string,
  title: string,
  now: Date,
): Promise<{ id: string; title: string }> {
  if (!isDraftId(outputId)) throw draftNotFound();
  const [row] = await queryRows<{ id: string; title: string }>(
    db,
    sql`UPDATE output_record SET title = ${title}, updated_at = ${now.toISOString()}::timestamptz
      WHERE id = ${outputId} AND user_id = ${userId} RETURNING id, title`,
  );
  if (!row) throw draftNotFound();
  return row;
}

export async function deleteDraft(db: Queryable, userId: string, outputId: string, now: Date): Promise<void> {
  if (!isDraftId(outputId)) throw draftNotFound();
  const since = sql`${now.toISOString()}::timestamptz - interval '${sql.raw(STALE_STREAM)}'`;
  const [row] = await queryRows<{ found: boolean; deleted: boolean }>(
    db,
    sql`WITH draft AS (
        SELECT o.id, (o.status = 'streaming' AND o.created_at > ${since})
          OR EXISTS (SELECT 1 FROM conversation_node n WHERE n.output_id = o.id AND n.status = 'streaming' AND n.created_at > ${since})
          AS writing
        FROM output_record o WHERE o.id = ${outputId} AND o.user_id = ${userId}),
      deleted AS (DELETE FROM output_record o USING draft d WHERE o.id = d.id AND NOT d.writing RETURNING o.id)
      SELECT EXISTS (SELECT 1 FROM draft) AS found, EXISTS (SELECT 1 FROM deleted) AS deleted`,
  );
  if (!row?.found) throw draftNotFound();
  if (!row.deleted) throw new AppError("conflict:writing", "This draft is still being written. Stop it or let it finish, then delete it.");
}
