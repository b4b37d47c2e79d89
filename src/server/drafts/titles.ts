// A draft's title: what the history and the thread page call it. It defaults to the brief's first
// line (not the model's first heading, which is "Subject line" for every cold email) and can be
// renamed; the same rule as the migration that backfilled the column.

export const TITLE_MAX_CHARS = 80;

/** The brief's first non-empty line, trimmed, at most 80 characters. */
export function titleFromBrief(brief: string): string {
  const line = brief
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "");
  return [...(line ?? "")].slice(0, TITLE_MAX_CHARS).join("").trim();
}

/** The stored title, or the brief's first line for rows written before titles were stored. */
export function draftTitle(stored: string, brief: string): string {
  return stored.trim() || titleFromBrief(brief) || "Untitled draft";
}
