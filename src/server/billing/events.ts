// What each Whop event does to grants. Shapes are checked with zod before anything is stored; the
// caller runs `applyEvent` inside the transaction that records the event id.
import { z } from "zod";
import type { AppConfig } from "../config";
import type { Queryable } from "../db/client";
import { AppError } from "../errors";
import { applyMembership, describeChange } from "./grants";
import { lockWhopObject } from "./lock";
import { parseWhopTime, toMembershipState, WhopMembershipSchema } from "./membership";
import {
  applyReversal,
  type EventEffect,
  PAYMENT_EVENTS,
  PaymentSchema,
  REVERSAL_EVENTS,
  ReversalSchema,
  releaseWaiting,
  waitKey,
} from "./reversals";

export const EnvelopeSchema = z.looseObject({
  id: z.string().min(1).optional(),
  type: z.string().min(1),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  data: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

const MEMBERSHIP_EVENTS = new Set([
  "membership.activated",
  "membership.deactivated",
  "membership.updated",
  "membership.cancel_at_period_end_changed",
]);

/** The schema an event's data must match, or undefined for types we only record. */
function dataSchema(type: string): z.ZodType | undefined {
  if (MEMBERSHIP_EVENTS.has(type)) return WhopMembershipSchema;
  if (PAYMENT_EVENTS.has(type)) return PaymentSchema;
  if (REVERSAL_EVENTS.has(type)) return ReversalSchema;
  return undefined;
}

/** Parses an event body; a wrong shape is a 400 (the signature was fine, the content is not ours). */
export function parseEvent(raw: unknown): Envelope {
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new AppError("bad_request:webhook", "The webhook body is not a Whop event.");
  const schema = dataSchema(envelope.data.type);
  if (schema && !schema.safeParse(envelope.data.data).success)
    throw new AppError("bad_request:webhook", `The data of this ${envelope.data.type} event has an unexpected shape.`);
  return envelope.data;
}

/** When the event says it happened: the object's own clock first, then the envelope's. */
export function eventTime(event: Envelope, fallback: Date): Date {
  const own = MEMBERSHIP_EVENTS.has(event.type) ? event.data.updated_at : event.data.created_at;
  return parseWhopTime(own) ?? parseWhopTime(event.timestamp) ?? fallback;
}

/**
 * Applies one verified, parsed event and returns its outcome and what it waits for, to store with
 * its id. What arrives (a membership, a payment) releases the refunds and disputes waiting for it.
 */
export async function applyEvent(tx: Queryable, config: AppConfig, event: Envelope, now: Date): Promise<EventEffect> {
  const at = eventTime(event, now);
  if (MEMBERSHIP_EVENTS.has(event.type)) {
    const membership = toMembershipState(WhopMembershipSchema.parse(event.data));
    const outcome = describeChange(await applyMembership(tx, config, membership, at, now));
    await releaseWaiting(tx, waitKey.membership(membership.membershipId), now);
    return { outcome, waitsFor: null };
  }
  if (REVERSAL_EVENTS.has(event.type)) return applyReversal(tx, event, at, now);
  if (PAYMENT_EVENTS.has(event.type)) {
    const payment = PaymentSchema.parse(event.data);
    await lockWhopObject(tx, "payment", payment.id);
    await releaseWaiting(tx, waitKey.payment(payment.id), now);
    // A failure is not a revocation: Whop retries the charge with the membership past_due and sends
    // membership.deactivated if it gives up; that event ends access.
    const outcome = event.type === "payment.failed" ? "recorded: payment failures do not revoke access" : "recorded";
    return { outcome, waitsFor: null };
  }
  return { outcome: "ignored: unhandled event type", waitsFor: null };
}
