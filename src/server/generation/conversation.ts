// A thread's nodes: the page loads the newest 5 first and older pages by an opaque cursor; a
// follow-up replays the thread to the model. Order is (created_at, id) descending, and the node id
// is monotonic, so pages stay stable when timestamps are equal.
import { sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import type { OutputStatus } from "../db/schema";
import { AppError } from "../errors";
import type { ThreadTurn } from "./prompt";

export const THREAD_PAGE_SIZE = 5;
/** How many earlier turns a follow-up sends to the model. */
export const FOLLOW_UP_CONTEXT_TURNS = 40;

export interface ThreadNode {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: OutputStatus;
  model: string | null;
  createdAt: string;
}

export interface ThreadPage {
  outputId: string;
  nodes: ThreadNode[];
  /** Pass back as ?cursor= for the next older page; null when there is none. */
  nextCursor: string | null;
}

interface NodeRow {
  id: string | number;
  role: "user" | "assistant";
  content: string;
  status: OutputStatus;
  model: string | null;
  created_at: string | Date;
}

export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`, "utf8").toString("base64url");
}

/** A cursor's parts must be exactly what encodeCursor wrote: an ISO time and a node id that fits a bigint. */
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const CURSOR_ID = /^[1-9]\d{0,17}$/;

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const parts = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const [createdAt, id] = parts;
  if (
    parts.length !== 2 ||
    !createdAt ||
    !id ||
    !CURSOR_TIME.test(createdAt) ||
    !CURSOR_ID.test(id) ||
    Number.isNaN(Date.parse(createdAt))
  ) {
    throw new AppError("bad_request:cursor", "This page link is not valid. Reload the thread.");
  }
  return { createdAt, id };
}

/** One page of an output's nodes, newest first; 404 unless the output is this user's. */
export async function loadThread(db: Queryable, userId: string, outputId: string, cursor?: string | null): Promise<ThreadPage> {
  const after = cursor ? decodeCursor(cursor) : null;
  const [owned] = await queryRows<{ id: string }>(db, sql`SELECT id FROM output_record WHERE id = ${outputId} AND user_id = ${userId}`);
  if (!owned) throw new AppError("not_found:output", "This output does not exist.");
  const older = after ? sql`AND (created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::bigint)` : sql``;
  const rows = await queryRows<NodeRow>(
    db,
    sql`SELECT id, role, content, status, model, created_at FROM conversation_node
      WHERE output_id = ${outputId} ${older} ORDER BY created_at DESC, id DESC LIMIT ${THREAD_PAGE_SIZE + 1}`,
  );
  const page = rows.slice(0, THREAD_PAGE_SIZE).map(toNode);
  const last = page.at(-1);
  return { outputId, nodes: page, nextCursor: rows.length > THREAD_PAGE_SIZE && last ? encodeCursor(last.createdAt, last.id) : null };
}

function toNode(row: NodeRow): ThreadNode {
  return {
    id: String(row.id),
    role: row.role,
    content: row.content,
    status: row.status,
    model: row.model,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The turns a follow-up replays (oldest first): failed partial replies and answers still streaming are left out. */
export async function threadContext(db: Queryable, output: { id: string; prompt: string }): Promise<ThreadTurn[]> {
  const rows = await queryRows<{ role: "user" | "assistant"; content: string }>(
    db,
    sql`SELECT role, content FROM conversation_node
      WHERE output_id = ${output.id} AND NOT (role = 'assistant' AND status IN ('failed', 'streaming'))
      ORDER BY created_at DESC, id DESC LIMIT ${FOLLOW_UP_CONTEXT_TURNS}`,
  );
  const turns = rows.reverse().map((r) => ({ role: r.role, content: r.content }));
  return turns.length > 0 ? turns : [{ role: "user", content: output.prompt }];
}
