// Refunds and disputes: each ends the grant of the membership its payment was for. One that names a
// payment or membership not seen yet is kept (webhook_event.waits_for names what it waits for) and
// applied when that arrives, by webhook or by reconciliation, whatever the delivery order.
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "../db/client";
import { webhookEvent } from "../db/schema";
import { describeChange, revokeMembership } from "./grants";
import { lockWhopObject } from "./lock";

export const PAYMENT_EVENTS: ReadonlySet<string> = new Set(["payment.succeeded", "payment.failed"]);
export const REVERSAL_EVENTS: ReadonlySet<string> = new Set(["refund.created", "dispute.created"]);

const membershipRef = z.object({ id: z.string().min(1) }).nullish();
export const PaymentSchema = z.object({ id: z.string().min(1), membership: membershipRef });
/** refund.created and dispute.created carry the payment they reverse. */
export const ReversalSchema = z.object({
  id: z.string().min(1),
  created_at: z.union([z.string(), z.number()]).nullish(),
  payment: z.object({ id: z.string().min(1), membership: membershipRef }).nullish(),
});

/** What an event did, stored with its id: the outcome, and what it still waits for, if anything. */
export interface EventEffect {
  outcome: string;
  waitsFor: string | null;
}

/** The values of webhook_event.waits_for. */
export const waitKey = {
  payment: (paymentId: string) => `payment:${paymentId}`,
  membership: (membershipId: string) => `membership:${membershipId}`,
};

/** The membership a payment was for, from a payment event we recorded (payload.data.id is the payment id). */
async function membershipOfPayment(tx: Queryable, paymentId: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ membershipId: sql<string | null>`${webhookEvent.payload} -> 'data' -> 'membership' ->> 'id'` })
    .from(webhookEvent)
    .where(and(inArray(webhookEvent.type, [...PAYMENT_EVENTS]), sql`${webhookEvent.payload} -> 'data' ->> 'id' = ${paymentId}`))
    .limit(1);
  return row?.membershipId ?? undefined;
}

/**
 * Applies a refund or dispute as of `at`. A dispute may name only the payment: its membership comes
 * from the payment's own event. `knownMembershipId` is given when the membership it waited for has
 * just arrived. Locks: payment before membership, as everywhere (lock.ts).
 */
export async function applyReversal(
  tx: Queryable,
  event: { type: string; data: unknown },
  at: Date,
  now: Date,
  knownMembershipId?: string,
): Promise<EventEffect> {
  const payment = ReversalSchema.parse(event.data).payment;
  if (!payment) return { outcome: "ignored: it names no payment", waitsFor: null };
  let membershipId = knownMembershipId ?? payment.membership?.id;
  if (!membershipId) {
    // Taken by payment events too: either their payment is visible here, or they release this after.
    await lockWhopObject(tx, "payment", payment.id);
    membershipId = await membershipOfPayment(tx, payment.id);
    if (!membershipId) return { outcome: `waiting: payment ${payment.id} not seen yet`, waitsFor: waitKey.payment(payment.id) };
  }
  await lockWhopObject(tx, "membership", membershipId);
  const change = await revokeMembership(tx, membershipId, event.type === "dispute.created" ? "disputed" : "refunded", at, now);
  if (!change) return { outcome: `waiting: membership ${membershipId} not seen yet`, waitsFor: waitKey.membership(membershipId) };
  return { outcome: describeChange(change), waitsFor: null };
}

const StoredEvent = z.object({ type: z.string(), data: z.unknown() });

/**
 * Applies the reversals waiting for `key`, now that it has arrived in this transaction. The caller
 * holds the lock of what arrived (payment or membership), so no reversal can start waiting unseen.
 * Returns how many revoked a grant.
 */
export async function releaseWaiting(tx: Queryable, key: string, now: Date): Promise<number> {
  const waiting = await tx.select().from(webhookEvent).where(eq(webhookEvent.waitsFor, key)).for("update");
  const knownMembershipId = key.startsWith("membership:") ? key.slice("membership:".length) : undefined;
  let revoked = 0;
  for (const row of waiting) {
    const event = StoredEvent.parse(row.payload);
    const effect = await applyReversal(tx, event, row.occurredAt ?? now, now, knownMembershipId);
    if (effect.outcome.startsWith("applied:")) revoked++;
    const outcome = effect.outcome.replace(/^applied:/, "applied after waiting:");
    await tx.update(webhookEvent).set({ outcome, waitsFor: effect.waitsFor, processedAt: now }).where(eq(webhookEvent.id, row.id));
  }
  return revoked;
}
