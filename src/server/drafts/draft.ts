// One of the viewer's drafts (an OutputRecord) as the draft actions see it: title, brief, blueprint,
// model, status and whether it is shared. Owner only: another user's id and an unknown id read alike.
import { sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import type { OutputStatus } from "../db/schema";
import { AppError } from "../errors";
import { draftTitle } from "./titles";

export interface Draft {
  id: string;
  title: string;
  /** The brief that started it. */
  prompt: string;
  blueprintSlug: string;
  blueprintLabel: string;
  model: string;
  providerModel: string | null;
  status: OutputStatus;
  createdAt: Date;
  shareToken: string | null;
  sharedAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const draftNotFound = () => new AppError("not_found:output", "This draft does not exist.");

interface DraftRow {
  id: string;
  title: string;
  prompt: string;
  slug: string;
  label: string;
  model: string;
  provider_model: string | null;
  status: OutputStatus;
  created_at: string | Date;
  share_token: string | null;
  shared_at: string | Date | null;
}

export async function findDraft(db: Queryable, userId: string, outputId: string): Promise<Draft | null> {
  if (!UUID.test(outputId)) return null;
  const [row] = await queryRows<DraftRow>(
    db,
    sql`SELECT o.id, o.title, o.prompt, b.slug, b.label, o.model, o.provider_model, o.status, o.created_at, o.share_token, o.shared_at
      FROM output_record o JOIN prompt_blueprint b ON b.id = o.blueprint_id
      WHERE o.id = ${outputId} AND o.user_id = ${userId}`,
  );
  if (!row) return null;
  return {
    id: row.id,
    title: draftTitle(row.title, row.prompt),
    prompt: row.prompt,
    blueprintSlug: row.slug,
    blueprintLabel: row.label,
    model: row.model,
    providerModel: row.provider_model,
    status: row.status,
    createdAt: new Date(row.created_at),
    shareToken: row.share_token,
    sharedAt: row.shared_at ? new Date(row.shared_at) : null,
  };
}

/** The draft, or 404 `not_found:output`. */
export async function requireDraft(db: Queryable, userId: string, outputId: string): Promise<Draft> {
  const draft = await findDraft(db, userId, outputId);
  if (!draft) throw draftNotFound();
  return draft;
}

export function isDraftId(value: string): boolean {
  return UUID.test(value);
}
