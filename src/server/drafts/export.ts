// Downloads of a draft: the latest reply or the whole thread, as Markdown or as a Word document.
// The Markdown is the text as the model wrote it (what Copy gives); the Word file is built from the
// same Markdown by word-document.ts. The filename comes from the draft's title.
import type { Queryable } from "../db/client";
import { AppError } from "../errors";
import { modelLabel } from "../generation/models";
import { type Draft, requireDraft } from "./draft";
import { allTurns, latestReply, type Turn } from "./nodes";
import { markdownToWord, type WordSection } from "./word-document";

export type ExportFormat = "md" | "docx";
export type ExportScope = "latest" | "thread";

export interface DraftFile {
  /** ASCII, for every client. */
  filename: string;
  /** The title's own spelling, for clients that read `filename*`. */
  displayName: string;
  contentType: string;
  body: Uint8Array;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  md: "text/markdown; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

export async function exportDraft(
  db: Queryable,
  userId: string,
  outputId: string,
  options: { format: ExportFormat; scope: ExportScope },
): Promise<DraftFile> {
  const draft = await requireDraft(db, userId, outputId);
  const sections = options.scope === "latest" ? await latestSections(db, draft) : threadSections(draft, await allTurns(db, draft.id));
  const thread = options.scope === "thread";
  const body =
    options.format === "md"
      ? new TextEncoder().encode(toMarkdown(draft, sections, options.scope))
      : await markdownToWord({ title: draft.title, subtitle: byline(draft), sections });
  return {
    filename: `${fileStem(draft.title)}${thread ? "-thread" : ""}.${options.format}`,
    displayName: `${readableName(draft.title)}${thread ? " (thread)" : ""}.${options.format}`,
    contentType: CONTENT_TYPES[options.format],
    body,
  };
}

async function latestSections(db: Queryable, draft: Draft): Promise<WordSection[]> {
  const reply = await latestReply(db, draft.id);
  if (!reply) throw new AppError("conflict:export", "This draft has no text to download yet.");
  return [{ markdown: reply.content }];
}

function threadSections(draft: Draft, turns: Turn[]): WordSection[] {
  const label = (model: string | null) => (model ? modelLabel(model, model === draft.model ? draft.providerModel : null) : "Model");
  return turns
    .filter((t) => t.content !== "")
    .map((t) => ({
      heading: `${t.role === "user" ? "You" : label(t.model)} · ${utcStamp(t.createdAt)}`,
      markdown: t.role === "user" ? plainParagraphs(t.content) : t.content,
    }));
}

function toMarkdown(draft: Draft, sections: WordSection[], scope: ExportScope): string {
  if (scope === "latest") return ensureNewline(sections[0]?.markdown ?? "");
  const parts = [`# ${escapeLine(draft.title)}`, `_${byline(draft)}_`];
  for (const s of sections) parts.push("---", `**${s.heading}**`, s.markdown.trim());
  return ensureNewline(parts.join("\n\n"));
}

const byline = (d: Draft) => `${d.blueprintLabel} · ${modelLabel(d.model, d.providerModel)} · ${utcStamp(d.createdAt)}`;

const utcStamp = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

const ensureNewline = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);

/** What the person typed is text, not Markdown: escape what Markdown would read as markup. */
function plainParagraphs(text: string): string {
  return text
    .split("\n")
    .map((line) => escapeLine(line))
    .join("  \n");
}

function escapeLine(line: string): string {
  return line
    .replace(/[\\`*_[\]<>~|]/g, "\\$&")
    .replace(/^(\s*)([#>]|[-+](?=\s)|[-=](?=[-=\s]*$))/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])(?=\s)/, "$1\\$2");
}

/** An ASCII file name from the title: "Launch week: plan!" → "launch-week-plan". */
export function fileStem(title: string): string {
  const stem = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return stem || "draft";
}

const readableName = (title: string) =>
  title
    .replace(/[\p{Cc}"\\/:*?<>|]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim() || "draft";

/** RFC 6266: `attachment` with the ASCII name, and the title's spelling as RFC 8187 `filename*`. */
export function contentDisposition(file: Pick<DraftFile, "filename" | "displayName">): string {
  const encoded = encodeURIComponent(file.displayName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${file.filename}"; filename*=UTF-8''${encoded}`;
}
