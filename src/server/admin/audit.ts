// The admin audit log: every change an admin makes to a member or a webhook (a comp grant, its
// revocation, a webhook replay), who made it, when, to whom and why. Written in the transaction of
// the change itself, so there is no change without its entry.
import { sql } from "drizzle-orm";
import { type Queryable, queryRows } from "../db/client";
import { auditLog } from "../db/schema";

export const AUDIT_ACTIONS = {
  "grant.comp": "Granted PRO (comp)",
  "grant.revoke": "Revoked a comp grant",
  "webhook.replay": "Replayed a webhook",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditInput {
  actor: { id: string; email: string };
  action: AuditAction;
  targetIdentityId?: string | null;
  targetRef?: string | null;
  reason: string;
  details?: Record<string, unknown>;
  at: Date;
}

export async function recordAudit(tx: Queryable, entry: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({
    at: entry.at,
    actorId: entry.actor.id,
    actorEmail: entry.actor.email,
    action: entry.action,
    targetIdentityId: entry.targetIdentityId ?? null,
    targetRef: entry.targetRef ?? null,
    reason: entry.reason,
    details: entry.details ?? null,
  });
}

export interface AuditEntry {
  id: string;
  at: Date;
  /** The admin's email as it was when they acted. */
  actor: string;
  action: string;
  /** The member's email, else what was acted on (a webhook event id). */
  target: string | null;
  targetIdentityId: string | null;
  targetRef: string | null;
  reason: string;
  details: Record<string, unknown> | null;
}

export const AUDIT_PAGE_SIZE = 100;

/** Where a page of the log ends: the last entry shown. */
export interface AuditCursor {
  at: Date;
  id: string;
}

export const auditCursor = {
  encode: (entry: AuditCursor): string => `${entry.at.toISOString()}~${entry.id}`,
  decode: (value: string | undefined | null): AuditCursor | undefined => {
    const [at, id] = (value ?? "").split("~");
    const date = new Date(at ?? "");
    return id && !Number.isNaN(date.getTime()) ? { at: date, id } : undefined;
  },
};

/** Newest first; `before` pages back past an entry; `identityId` / `targetRef` keep what concerns one member or event. */
export async function listAudit(
  db: Queryable,
  options: { before?: AuditCursor; identityId?: string; targetRef?: string; limit?: number } = {},
): Promise<AuditEntry[]> {
  const filters = [sql`true`];
  if (options.before) filters.push(sql`(a.at, a.id) < (${options.before.at.toISOString()}::timestamptz, ${options.before.id})`);
  if (options.identityId) filters.push(sql`a.target_identity_id = ${options.identityId}`);
  if (options.targetRef) filters.push(sql`a.target_ref = ${options.targetRef}`);
  const rows = await queryRows<{
    id: string;
    at: Date;
    actor_email: string;
    action: string;
    target_email: string | null;
    target_identity_id: string | null;
    target_ref: string | null;
    reason: string;
    details: Record<string, unknown> | null;
  }>(
    db,
    sql`SELECT a.id, a.at, a.actor_email, a.action, t.email AS target_email, a.target_identity_id, a.target_ref, a.reason, a.details
      FROM audit_log a LEFT JOIN app_identity t ON t.id = a.target_identity_id
      WHERE ${sql.join(filters, sql` AND `)} ORDER BY a.at DESC, a.id DESC LIMIT ${options.limit ?? AUDIT_PAGE_SIZE}`,
  );
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at),
    actor: r.actor_email,
    action: r.action,
    target: r.target_email ?? r.target_ref,
    targetIdentityId: r.target_identity_id,
    targetRef: r.target_ref,
    reason: r.reason,
    details: r.details,
  }));
}
