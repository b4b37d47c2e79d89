// What each Whop event does to grants. Shapes are checked with zod before anything is stored; the
// caller runs `applyEvent` inside the transaction that records the event id.
import { and, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { AppConfig } from "../config";
import type { Queryable } from "../db/client";
import { webhookEvent } from "../db/schema";
import { AppError } from "../errors";
import { applyMembership, describeChange, revokeMembership } from "./grants";
import { parseWhopTime, toMembershipState, WhopMembershipSchema } from "./membership";

export const EnvelopeSchema = z.looseObject({
  id: z.string().min(1).optional(),
  type: z.string().min(1),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  data: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

const membershipRef = z.object({ id: z.string().min(1) }).nullish();
const PaymentSchema = z.object({ id: z.string().min(1), membership: membershipRef });
/** refund.created and dispute.created carry the payment they reverse. */
const ReversalSchema = z.object({
  id: z.string().min(1),
  created_at: z.union([z.string(), z.number()]).nullish(),
  payment: z.object({ id: z.string().min(1), membership: membershipRef }).nullish(),
});

const MEMBERSHIP_EVENTS = new Set([
  "membership.activated",
  "membership.deactivated",
  "membership.updated",
  "membership.cancel_at_period_end_changed",
]);
const PAYMENT_EVENTS = new Set(["payment.succeeded", "payment.failed"]);
const REVERSAL_EVENTS = new Set(["refund.created", "dispute.created"]);

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
 * A dispute names only the payment. Its membership is known when Whop included it, or from a
 * payment event we recorded earlier (payload.data.id is the payment id).
 */
async function membershipOfPayment(tx: Queryable, paymentId: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ membershipId: sql<string | null>`${webhookEvent.payload} -> 'data' -> 'membership' ->> 'id'` })
    .from(webhookEvent)
    .where(and(inArray(webhookEvent.type, [...PAYMENT_EVENTS]), sql`${webhookEvent.payload} -> 'data' ->> 'id' = ${paymentId}`))
    .limit(1);
  return row?.membershipId ?? undefined;
}

/** Applies one verified, parsed event and returns the outcome to store with its id. */
export async function applyEvent(tx: Queryable, config: AppConfig, event: Envelope, now: Date): Promise<string> {
  const at = eventTime(event, now);
  if (MEMBERSHIP_EVENTS.has(event.type)) {
    const membership = toMembershipState(WhopMembershipSchema.parse(event.data));
    return describeChange(await applyMembership(tx, config, membership, at, now));
  }
  if (REVERSAL_EVENTS.has(event.type)) {
    const reversal = ReversalSchema.parse(event.data);
    const payment = reversal.payment;
    const membershipId = payment ? (payment.membership?.id ?? (await membershipOfPayment(tx, payment.id))) : undefined;
    if (!membershipId) return "ignored: payment not linked to a known membership";
    return describeChange(await revokeMembership(tx, membershipId, at, now));
  }
  if (event.type === "payment.failed") {
    // Not a revocation: Whop retries the charge with the membership past_due and sends
    // membership.deactivated if it gives up; that event ends access.
    return "recorded: payment failures do not revoke access";
  }
  if (event.type === "payment.succeeded") return "recorded";
  return "ignored: unhandled event type";
}
