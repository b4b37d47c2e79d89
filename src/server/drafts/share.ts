// Read-only public links. Sharing gives a draft an unguessable token (192 random bits), kept until
// revoked, so sharing twice hands out the same link; revoking clears it and the link is a 404 from
// then on. The public page reads by token alone and shows the blueprint, the latest reply and its
// date: never the owner, their email or their brief.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import { AppError } from "../errors";
import { draftNotFound, isDraftId } from "./draft";
import { latestReply } from "./nodes";

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

export const newShareToken = () => randomBytes(24).toString("base64url");

export const shareUrl = (appUrl: string, token: string) => `${appUrl}/s/${token}`;

/** Shares the draft (or keeps its existing link) and returns the absolute URL. */
export async function shareDraft(db: Queryable, userId: string, outputId: string, appUrl: string, now: Date): Promise<{ url: string }> {
  if (!isDraftId(outputId)) throw draftNotFound();
  const [row] = await queryRows<{ share_token: string | null; has_text: boolean }>(
    db,
    sql`WITH draft AS (
        SELECT o.id, EXISTS (SELECT 1 FROM conversation_node n WHERE n.output_id = o.id AND n.role = 'assistant'
          AND n.status <> 'streaming' AND n.content <> '') AS has_text
        FROM output_record o WHERE o.id = ${outputId} AND o.user_id = ${userId}),
      shared AS (
        UPDATE output_record o SET share_token = coalesce(o.share_token, ${newShareToken()}),
          shared_at = coalesce(o.shared_at, ${now.toISOString()}::timestamptz)
        FROM draft d WHERE o.id = d.id AND d.has_text RETURNING o.share_token)
      SELECT (SELECT share_token FROM shared) AS share_token, d.has_text FROM draft d`,
  );
  if (!row) throw draftNotFound();
  if (!row.share_token) throw new AppError("conflict:share", "This draft has no text to share yet.");
  return { url: shareUrl(appUrl, row.share_token) };
}

/** Revokes the link; the draft stays. Revoking a draft that is not shared changes nothing. */
export async function unshareDraft(db: Queryable, userId: string, outputId: string): Promise<void> {
  if (!isDraftId(outputId)) throw draftNotFound();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE output_record SET share_token = NULL, shared_at = NULL WHERE id = ${outputId} AND user_id = ${userId} RETURNING id`,
  );
  if (rows.length === 0) throw draftNotFound();
}

export interface SharedDraft {
  blueprintLabel: string;
  text: string;
  /** When the shown reply was written. */
  writtenAt: Date;
}

/** What a public link shows, or null for an unknown or revoked token. */
export async function findSharedDraft(db: Queryable, token: string): Promise<SharedDraft | null> {
  if (!TOKEN.test(token)) return null;
  const [row] = await queryRows<{ id: string; label: string }>(
    db,
    sql`SELECT o.id, b.label FROM output_record o JOIN prompt_blueprint b ON b.id = o.blueprint_id WHERE o.share_token = ${token}`,
  );
  if (!row) return null;
  const reply = await latestReply(db, row.id);
  if (!reply) return null;
  return { blueprintLabel: row.label, text: reply.content, writtenAt: reply.createdAt };
}
