// POST /api/webhooks/whop, framework-free: read the raw body under a size cap, verify it, parse it,
// then record the event id and apply its effect in one transaction (Stripe's recipe: verify the
// raw body, dedupe by event id, answer 2xx fast, apply idempotently and in order).
import { eq } from "drizzle-orm";
import type { AppConfig } from "../config";
import type { AppContext } from "../context";
import type { Queryable } from "../db/client";
import { webhookEvent } from "../db/schema";
import { AppError } from "../errors";
import { readBodyCapped } from "../http";
import { log } from "../log";
import { applyEvent, type Envelope, eventTime, parseEvent } from "./events";
import { verifyWebhookSignature } from "./signature";

/** Whop's events are a few KiB; anything this large is not one. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

export interface WebhookResult {
  eventId: string;
  type: string;
  /** True when this event id was already processed: nothing was done again. */
  duplicate: boolean;
  outcome: string;
}

const tooLarge = () => new AppError("too_large:webhook", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES / 1024} KiB.`);

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new AppError("bad_request:webhook", "The webhook body is not valid JSON.");
  }
}

/**
 * Records the event id and applies the event in one transaction. A redelivered id inserts nothing
 * and changes nothing; concurrent deliveries of one id wait on the primary key and then find it
 * taken. If applying throws, the id goes too, so Whop's retry is processed in full. A refund or
 * dispute naming something not seen yet is stored waiting for it (outcome `waiting: …`).
 */
export async function processEvent(ctx: AppContext, eventId: string, event: Envelope): Promise<WebhookResult> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const recorded = await tx
      .insert(webhookEvent)
      .values({ id: eventId, type: event.type, occurredAt: eventTime(event, now), receivedAt: now, outcome: "processing", payload: event })
      .onConflictDoNothing({ target: webhookEvent.id })
      .returning({ id: webhookEvent.id });
    if (!recorded.length) return { eventId, type: event.type, duplicate: true, outcome: "duplicate" };
    const outcome = await applyRecorded(tx, ctx.config, eventId, event, now);
    return { eventId, type: event.type, duplicate: false, outcome };
  });
}

/** Applies a recorded event and stores what it did; the caller holds the event's row in this transaction. */
async function applyRecorded(tx: Queryable, config: AppConfig, eventId: string, event: Envelope, now: Date): Promise<string> {
  const { outcome, waitsFor } = await applyEvent(tx, config, event, now);
  await tx.update(webhookEvent).set({ outcome, waitsFor, processedAt: now }).where(eq(webhookEvent.id, eventId));
  return outcome;
}

/**
 * Applies a stored event again, through the same path as its delivery (applyEvent, judged by the
 * event's own time, so it changes only what a first delivery now would), inside the caller's
 * transaction with the event's row locked: replays of one event take turns, and a failure leaves
 * the stored outcome as it was. For an admin replaying an event that was ignored or failed, after
 * fixing its cause (a PRO plan missing from WHOP_PRO_PLAN_IDS, say). Null when no such event.
 */
export async function replayStoredEvent(
  tx: Queryable,
  config: AppConfig,
  eventId: string,
  now: Date,
): Promise<{ type: string; before: string; outcome: string } | null> {
  const [row] = await tx.select().from(webhookEvent).where(eq(webhookEvent.id, eventId)).for("update");
  if (!row) return null;
  const event = parseEvent(row.payload);
  const outcome = await applyRecorded(tx, config, eventId, event, now);
  return { type: row.type, before: row.outcome, outcome };
}

/** The whole webhook: 413 too large, 401 unsigned/stale, 400 malformed, otherwise the result. */
export async function handleWhopWebhook(ctx: AppContext, request: Request): Promise<WebhookResult> {
  const body = await readBodyCapped(request, MAX_WEBHOOK_BYTES, tooLarge);
  const delivery = verifyWebhookSignature({ secret: ctx.config.whop.webhookSecret, headers: request.headers, body });
  const event = parseEvent(parseJson(body));
  // Keyed on webhook-id: the Standard Webhooks idempotency key, covered by the signature.
  const result = await processEvent(ctx, delivery.messageId, event);
  log.info("whop webhook", { eventId: result.eventId, type: result.type, duplicate: result.duplicate, outcome: result.outcome });
  return result;
}
