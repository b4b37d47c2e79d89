// Webhook deliveries for the admin pages: filtered by type and outcome, one event's payload, and
// the replay of an event that was not applied (ignored, stale, waiting, only recorded), re-applied
// through the webhook's own idempotent path (billing/webhooks.ts) and audited.
import { sql } from "drizzle-orm";
import { replayStoredEvent } from "../billing/webhooks";
import type { AppContext } from "../context";
import { queryRows } from "../db/client";
import type { AppIdentity } from "../db/schema";
import { AppError } from "../errors";
import { recordAudit } from "./audit";

/** What an outcome says before its colon: applied, applied after waiting, ignored, stale, waiting, recorded. */
export function outcomeKind(outcome: string): string {
  return outcome.split(":")[0]?.trim() ?? outcome;
}

export const OUTCOME_KINDS = ["applied", "applied after waiting", "ignored", "stale", "waiting", "recorded"] as const;

/** An event may be replayed unless it was applied: replaying an applied one could only find it stale. */
export const isReplayable = (outcome: string): boolean => !outcome.startsWith("applied");

export interface WebhookRow {
  id: string;
  type: string;
  outcome: string;
  receivedAt: Date;
  occurredAt: Date | null;
  processedAt: Date | null;
  /** How many times an admin replayed it. */
  replays: number;
}

export const WEBHOOK_PAGE_SIZE = 50;

/** A webhook_event row as the queries below select it, with its replay count. */
interface StoredEvent {
  id: string;
  type: string;
  outcome: string;
  received_at: Date;
  occurred_at: Date | null;
  processed_at: Date | null;
  replays: string | number;
}

const REPLAY_COUNT = sql`(SELECT count(*) FROM audit_log a WHERE a.action = 'webhook.replay' AND a.target_ref = w.id) AS replays`;

function webhookRow(row: StoredEvent): WebhookRow {
  return {
    id: row.id,
    type: row.type,
    outcome: row.outcome,
    receivedAt: new Date(row.received_at),
    occurredAt: row.occurred_at ? new Date(row.occurred_at) : null,
    processedAt: row.processed_at ? new Date(row.processed_at) : null,
    replays: Number(row.replays),
  };
}

/** Newest first, filtered by exact type and outcome kind; `before` (a received time) pages back. */
export async function listWebhookEvents(
  db: AppContext["db"],
  filter: { type?: string; outcome?: string; before?: Date },
): Promise<{ events: WebhookRow[]; types: string[] }> {
  const where = [sql`true`];
  if (filter.type) where.push(sql`w.type = ${filter.type}`);
  if (filter.outcome) where.push(sql`split_part(w.outcome, ':', 1) = ${filter.outcome}`);
  if (filter.before) where.push(sql`w.received_at < ${filter.before.toISOString()}::timestamptz`);
  const [events, types] = await Promise.all([
    queryRows<StoredEvent>(
      db,
      sql`SELECT w.id, w.type, w.outcome, w.received_at, w.occurred_at, w.processed_at, ${REPLAY_COUNT}
        FROM webhook_event w WHERE ${sql.join(where, sql` AND `)} ORDER BY w.received_at DESC, w.id DESC LIMIT ${WEBHOOK_PAGE_SIZE}`,
    ),
    queryRows<{ type: string }>(db, sql`SELECT DISTINCT type FROM webhook_event ORDER BY type`),
  ]);
  return {
    events: events.map(webhookRow),
    types: types.map((t) => t.type),
  };
}

export interface WebhookDetail extends WebhookRow {
  payload: unknown;
  waitsFor: string | null;
}

export async function webhookEventDetail(db: AppContext["db"], id: string): Promise<WebhookDetail | null> {
  const [row] = await queryRows<StoredEvent & { payload: unknown; waits_for: string | null }>(
    db,
    sql`SELECT w.*, ${REPLAY_COUNT} FROM webhook_event w WHERE w.id = ${id}`,
  );
  return row ? { ...webhookRow(row), payload: row.payload, waitsFor: row.waits_for } : null;
}

export const DEFAULT_REPLAY_REASON = "Replayed from the admin webhooks page.";

/** Replays a stored event that was not applied; 404 when there is none, 409 when it was applied. */
export async function replayWebhookEvent(
  ctx: Pick<AppContext, "db" | "config">,
  admin: Pick<AppIdentity, "id" | "email">,
  input: { eventId: string; reason?: string },
  now: Date,
): Promise<{ outcome: string }> {
  return ctx.db.transaction(async (tx) => {
    // The member it concerns, when its data names a Whop user we know (membership events do).
    const [stored] = await queryRows<{ outcome: string; member_id: string | null }>(
      tx,
      sql`SELECT w.outcome, i.id AS member_id FROM webhook_event w
        LEFT JOIN app_identity i ON i.whop_id = w.payload -> 'data' -> 'user' ->> 'id'
        WHERE w.id = ${input.eventId} FOR UPDATE OF w`,
    );
    if (!stored) throw new AppError("not_found:webhook_event", "No webhook event has this id.");
    if (!isReplayable(stored.outcome))
      throw new AppError("conflict:already_applied", "This event was applied; replaying it would change nothing.");
    const replay = await replayStoredEvent(tx, ctx.config, input.eventId, now);
    if (!replay) throw new AppError("not_found:webhook_event", "No webhook event has this id.");
    await recordAudit(tx, {
      actor: admin,
      action: "webhook.replay",
      targetIdentityId: stored.member_id,
      targetRef: input.eventId,
      reason: input.reason?.trim() || DEFAULT_REPLAY_REASON,
      details: { type: replay.type, before: replay.before, after: replay.outcome },
      at: now,
    });
    return { outcome: replay.outcome };
  });
}
