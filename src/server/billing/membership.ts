// Whop's membership object, as both webhooks and the REST API send it, reduced to what access
// depends on. One schema for both paths, so a webhook and a reconciliation read a membership alike.
import { z } from "zod";

/**
 * Whop timestamps arrive as ISO 8601 strings, and some fields are documented as Unix timestamps
 * (seconds, sometimes as a numeric string). Anything else is treated as absent, not as "now".
 */
export function parseWhopTime(value: unknown): Date | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number" || (typeof value === "string" && /^\d+(\.\d+)?$/.test(value))) {
    const n = Number(value);
    if (!Number.isFinite(n)) return null;
    // Milliseconds when the number is too large to be seconds in this era.
    return new Date(n > 1e12 ? n : n * 1000);
  }
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

const whopTime = z.union([z.string(), z.number()]).nullish();
const ref = z.object({ id: z.string().min(1) });

export const WhopMembershipSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  user: z
    .object({
      id: z.string().min(1),
      email: z.string().nullish(),
      username: z.string().nullish(),
    })
    .nullish(),
  plan: ref,
  product: ref.nullish(),
  updated_at: whopTime,
  renewal_period_end: whopTime,
  cancel_at_period_end: z.boolean().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type WhopMembership = z.infer<typeof WhopMembershipSchema>;

/** A membership as the grant rules see it. */
export interface MembershipState {
  membershipId: string;
  /** Whop user id (`user_…`); null when Whop reports the user as deleted. */
  whopUserId: string | null;
  /** Whop's status word: active, trialing, canceling, past_due, canceled, expired, … */
  status: string;
  planId: string;
  productId: string | null;
  /** Whop's own version clock for this membership; orders deliveries. */
  updatedAt: Date | null;
  renewsAt: Date | null;
  cancelAtPeriodEnd: boolean;
}

export function toMembershipState(membership: WhopMembership): MembershipState {
  return {
    membershipId: membership.id,
    whopUserId: membership.user?.id ?? null,
    status: membership.status,
    planId: membership.plan.id,
    productId: membership.product?.id ?? null,
    updatedAt: parseWhopTime(membership.updated_at),
    renewsAt: parseWhopTime(membership.renewal_period_end),
    cancelAtPeriodEnd: membership.cancel_at_period_end ?? false,
  };
}
