// The grant rules: which Whop memberships give PRO, which Whop statuses give access, and how one
// membership's state becomes one access_grant row (keyed by the membership id), in order.
import { and, eq, isNull, lte, or } from "drizzle-orm";
import type { AppConfig } from "../config";
import type { Queryable } from "../db/client";
import { type AccessGrant, accessGrant, appIdentity, billingTier, type GrantStatus } from "../db/schema";
import { AppError } from "../errors";
import type { MembershipState } from "./membership";

/** A membership of a PRO plan (WHOP_PRO_PLAN_IDS, the first being the one checkout sells) or product. */
export function isProMembership(config: AppConfig, membership: Pick<MembershipState, "planId" | "productId">): boolean {
  const { proPlanIds, proProductIds } = config.whop;
  return proPlanIds.includes(membership.planId) || (membership.productId !== null && proProductIds.includes(membership.productId));
}

/**
 * Whop statuses that give access. `canceling` still runs to the end of the paid period. `past_due`
 * is included on purpose: Whop keeps the member's access while it retries the card, and when it
 * gives up it moves the membership on (expired/canceled) and sends membership.deactivated, which
 * revokes. Revoking on the first failed charge would lock out people whose retry then succeeds.
 */
export const ACCESS_STATUSES: ReadonlySet<string> = new Set(["active", "trialing", "canceling", "past_due"]);

/** canceled → CANCELLED; any other status without access (expired, completed, unresolved, …) → EXPIRED. */
export function grantStatusFor(whopStatus: string): GrantStatus {
  if (ACCESS_STATUSES.has(whopStatus)) return "ACTIVE";
  return whopStatus === "canceled" ? "CANCELLED" : "EXPIRED";
}

export type GrantChange =
  | { kind: "applied"; before: GrantStatus | null; after: GrantStatus }
  | { kind: "stale" }
  | { kind: "ignored"; reason: string };

/** The text stored as a webhook event's outcome. */
export function describeChange(change: GrantChange): string {
  if (change.kind === "applied") return `applied: ${change.before ?? "none"} -> ${change.after}`;
  if (change.kind === "stale") return "stale: a newer event was already applied";
  return `ignored: ${change.reason}`;
}

async function proTierId(tx: Queryable): Promise<string> {
  const [pro] = await tx.select({ id: billingTier.id }).from(billingTier).where(eq(billingTier.name, "PRO"));
  if (!pro) throw new AppError("unavailable:tiers", "Tiers are not set up yet. Run the seed.");
  return pro.id;
}

async function lockGrant(tx: Queryable, membershipId: string): Promise<AccessGrant | undefined> {
  const [grant] = await tx.select().from(accessGrant).where(eq(accessGrant.whopMembershipId, membershipId)).for("update");
  return grant;
}

/** Only an event at least as new as the newest applied one may change a grant. */
const notNewerThan = (eventAt: Date) => or(isNull(accessGrant.lastEventAt), lte(accessGrant.lastEventAt, eventAt));

/**
 * Applies a membership's state as of `eventAt` to its grant. Older than the newest applied event →
 * nothing changes. A non-PRO plan is ignored unless the membership already held PRO (a plan change
 * away from PRO ends it). A membership without access is still stored, so that an older
 * "activated" delivered after a newer "deactivated" finds the newer state and changes nothing.
 */
export async function applyMembership(
  tx: Queryable,
  config: AppConfig,
  m: MembershipState,
  eventAt: Date,
  now: Date,
): Promise<GrantChange> {
  const previous = await lockGrant(tx, m.membershipId);
  if (previous?.lastEventAt && eventAt < previous.lastEventAt) return { kind: "stale" };
  const pro = isProMembership(config, m);
  if (!pro && !previous) return { kind: "ignored", reason: "plan not PRO" };
  const status: GrantStatus = pro ? grantStatusFor(m.status) : "EXPIRED";
  const fields = {
    status,
    whopStatus: m.status,
    whopPlanId: m.planId,
    whopProductId: m.productId,
    cancelAtPeriodEnd: m.cancelAtPeriodEnd,
    renewsAt: m.renewsAt,
    lastEventAt: eventAt,
    updatedAt: now,
  };

  if (previous) {
    const activatedAt = status === "ACTIVE" && previous.status !== "ACTIVE" ? now : previous.activatedAt;
    const updated = await tx
      .update(accessGrant)
      .set({ ...fields, activatedAt, whopUserId: previous.whopUserId ?? m.whopUserId })
      .where(and(eq(accessGrant.id, previous.id), notNewerThan(eventAt)))
      .returning({ id: accessGrant.id });
    return updated.length ? { kind: "applied", before: previous.status, after: status } : { kind: "stale" };
  }

  if (!m.whopUserId) return { kind: "ignored", reason: "membership has no user" };
  // The buyer may not have signed in yet: then userId stays null and sign-in attaches the grant.
  const [owner] = await tx.select({ id: appIdentity.id }).from(appIdentity).where(eq(appIdentity.whopId, m.whopUserId));
  const inserted = await tx
    .insert(accessGrant)
    .values({
      ...fields,
      userId: owner?.id ?? null,
      whopUserId: m.whopUserId,
      whopMembershipId: m.membershipId,
      tierId: await proTierId(tx),
      source: "whop",
      activatedAt: now,
    })
    .onConflictDoNothing({ target: accessGrant.whopMembershipId })
    .returning({ id: accessGrant.id });
  // Another transaction created this membership's grant first: apply on top of theirs, in order.
  if (!inserted.length) return applyMembership(tx, config, m, eventAt, now);
  return { kind: "applied", before: null, after: status };
}

/** A refund or dispute on a membership's payment ends that membership's grant (CANCELLED). */
export async function revokeMembership(tx: Queryable, membershipId: string, eventAt: Date, now: Date): Promise<GrantChange> {
  const previous = await lockGrant(tx, membershipId);
  if (!previous) return { kind: "ignored", reason: "membership unknown here" };
  if (previous.lastEventAt && eventAt < previous.lastEventAt) return { kind: "stale" };
  await tx.update(accessGrant).set({ status: "CANCELLED", lastEventAt: eventAt, updatedAt: now }).where(eq(accessGrant.id, previous.id));
  return { kind: "applied", before: previous.status, after: "CANCELLED" };
}

/**
 * Reconciliation found no access-giving membership on Whop for an ACTIVE grant. It expires, unless
 * a webhook newer than the moment the list was read has touched it since.
 */
export async function expireUnlisted(tx: Queryable, grantId: string, observedAt: Date, now: Date): Promise<boolean> {
  const updated = await tx
    .update(accessGrant)
    .set({ status: "EXPIRED", whopStatus: null, lastEventAt: observedAt, updatedAt: now })
    .where(and(eq(accessGrant.id, grantId), eq(accessGrant.status, "ACTIVE"), notNewerThan(observedAt)))
    .returning({ id: accessGrant.id });
  return updated.length > 0;
}
