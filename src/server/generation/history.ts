// The history page: the user's outputs (at most 20 are kept), newest first, each with its title,
// blueprint, model, the draft's first line, status and time; optionally only those matching a
// search (every word must appear in the title, the brief or the thread's text).
import { type SQL, sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import type { OutputStatus } from "../db/schema";
import { draftTitle } from "../drafts/titles";
import { modelLabel } from "./models";
import { HISTORY_CAP } from "./turns";

export interface HistoryItem {
  id: string;
  /** The brief's first line unless renamed. */
  title: string;
  blueprintSlug: string;
  blueprintLabel: string;
  model: string;
  /** What to show for the model, e.g. "GPT (gpt-4o)" or the demo model's label. */
  modelLabel: string;
  /** The draft's first non-empty line without Markdown markers, else the input's. */
  firstLine: string;
  status: OutputStatus;
  createdAt: string;
  /** Whether a public read-only link is live. */
  shared: boolean;
}

/** At most this many words of a search count; each must match. */
export const MAX_SEARCH_WORDS = 8;

export function searchWords(query: string | null | undefined): string[] {
  return (query ?? "")
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "")
    .slice(0, MAX_SEARCH_WORDS)
    .map((w) => w.slice(0, 100));
}

/** A LIKE pattern that matches the word literally anywhere (its %, _ and \ are escaped). */
const containing = (word: string) => `%${word.replace(/[\\%_]/g, "\\$&")}%`;

function matchesAll(words: string[]): SQL {
  if (words.length === 0) return sql``;
  const each = words.map((word) => {
    const pattern = containing(word);
    return sql`(o.title ILIKE ${pattern} OR o.prompt ILIKE ${pattern}
      OR EXISTS (SELECT 1 FROM conversation_node m WHERE m.output_id = o.id AND m.content ILIKE ${pattern}))`;
  });
  return sql` AND ${sql.join(each, sql` AND `)}`;
}

export async function listHistory(db: Queryable, userId: string, options: { query?: string | null } = {}): Promise<HistoryItem[]> {
  const rows = await queryRows<{
    id: string;
    title: string;
    slug: string;
    label: string;
    model: string;
    provider_model: string | null;
    prompt: string;
    first_reply: string | null;
    status: OutputStatus;
    created_at: string | Date;
    shared: boolean;
  }>(
    db,
    sql`SELECT o.id, o.title, b.slug, b.label, o.model, o.provider_model, o.prompt, o.status, o.created_at,
        o.share_token IS NOT NULL AS shared,
        (SELECT left(n.content, 400) FROM conversation_node n WHERE n.output_id = o.id AND n.role = 'assistant'
          ORDER BY n.created_at, n.id LIMIT 1) AS first_reply
      FROM output_record o JOIN prompt_blueprint b ON b.id = o.blueprint_id
      WHERE o.user_id = ${userId}${matchesAll(searchWords(options.query))}
      ORDER BY o.created_at DESC, o.id DESC LIMIT ${HISTORY_CAP}`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: draftTitle(r.title, r.prompt),
    blueprintSlug: r.slug,
    blueprintLabel: r.label,
    model: r.model,
    modelLabel: modelLabel(r.model, r.provider_model),
    firstLine: firstLine(r.first_reply ?? "") || firstLine(r.prompt),
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    shared: Boolean(r.shared),
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
