// The turns of a draft's thread, read whole (exports) or only the newest finished reply (the latest
// draft: what "Copy", the share page and a "latest" export show). A reply still streaming is not a
// draft yet, and an empty reply has nothing to show.
import { sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import type { OutputStatus } from "../db/schema";

export interface Turn {
  role: "user" | "assistant";
  content: string;
  status: OutputStatus;
  model: string | null;
  createdAt: Date;
}

interface TurnRow {
  role: "user" | "assistant";
  content: string;
  status: OutputStatus;
  model: string | null;
  created_at: string | Date;
}

const toTurn = (r: TurnRow): Turn => ({
  role: r.role,
  content: r.content,
  status: r.status,
  model: r.model,
  createdAt: new Date(r.created_at),
});

/** Every turn, oldest first (a thread holds at most a few hundred). */
export async function allTurns(db: Queryable, outputId: string): Promise<Turn[]> {
  const rows = await queryRows<TurnRow>(
    db,
    sql`SELECT role, content, status, model, created_at FROM conversation_node
      WHERE output_id = ${outputId} AND NOT (role = 'assistant' AND status = 'streaming')
      ORDER BY created_at, id`,
  );
  return rows.map(toTurn);
}

/** The newest reply with text that has finished writing, or null. */
export async function latestReply(db: Queryable, outputId: string): Promise<Turn | null> {
  const [row] = await queryRows<TurnRow>(
    db,
    sql`SELECT role, content, status, model, created_at FROM conversation_node
      WHERE output_id = ${outputId} AND role = 'assistant' AND status <> 'streaming' AND content <> ''
      ORDER BY created_at DESC, id DESC LIMIT 1`,
  );
  return row ? toTurn(row) : null;
}
