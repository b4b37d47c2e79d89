// The history page: the user's outputs (at most 20 are kept), newest first, each with its
// blueprint, model, a first line to recognise it by, status and time.
import { sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import type { OutputStatus } from "../db/schema";
import { modelLabel } from "./models";
import { HISTORY_CAP } from "./outputs";

export interface HistoryItem {
  id: string;
  blueprintSlug: string;
  blueprintLabel: string;
  model: string;
  /** What to show for the model, e.g. "GPT (gpt-4o)" or the demo model's label. */
  modelLabel: string;
  /** The draft's first non-empty line without Markdown markers, else the input's. */
  firstLine: string;
  status: OutputStatus;
  createdAt: string;
}

export async function listHistory(db: Queryable, userId: string): Promise<HistoryItem[]> {
  const rows = await queryRows<{
    id: string;
    slug: string;
    label: string;
    model: string;
    provider_model: string | null;
    prompt: string;
    first_reply: string | null;
    status: OutputStatus;
    created_at: string | Date;
  }>(
    db,
    sql`SELECT o.id, b.slug, b.label, o.model, o.provider_model, o.prompt, o.status, o.created_at,
        (SELECT left(n.content, 400) FROM conversation_node n WHERE n.output_id = o.id AND n.role = 'assistant'
          ORDER BY n.created_at, n.id LIMIT 1) AS first_reply
      FROM output_record o JOIN prompt_blueprint b ON b.id = o.blueprint_id
      WHERE o.user_id = ${userId} ORDER BY o.created_at DESC, o.id DESC LIMIT ${HISTORY_CAP}`,
  );
  return rows.map((r) => ({
    id: r.id,
    blueprintSlug: r.slug,
    blueprintLabel: r.label,
    model: r.model,
    modelLabel: modelLabel(r.model, r.provider_model),
    firstLine: firstLine(r.first_reply ?? "") || firstLine(r.prompt),
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export function firstLine(text: string): string {
  for (const raw of text.split("\n")) {
    const line = raw
      .replace(/^\s*(#{1,6}\s+|>\s*|[-*+]\s+|\d+\.\s+)/, "")
      .replace(/[*_`]/g, "")
      .trim();
    if (line) return line.slice(0, 120);
  }
  return "";
}
