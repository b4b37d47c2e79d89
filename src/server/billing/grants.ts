// The grant rules: which Whop memberships give PRO, which Whop statuses give access, and how one
// membership's state becomes one access_grant row (keyed by the membership id), in order.
//
// Order is Whop's own time for each event (a membership's updated_at, a refund's created_at), never
// its arrival: an event older than the newest one applied to a grant changes nothing. Two membership
// events with the same time end in the same state whatever their delivery order: the state leaving
// less access wins. That is, compared in turn: the grant (CANCELLED, then EXPIRED, then ACTIVE);
// Whop's status (canceled, expired, any other without access, past_due, canceling, trialing,
// active; unlisted ones alphabetically); cancel at period end set before unset; the earlier
// renewal; the lower plan id. A refund or dispute ends its membership's grant for good, whatever
// the order and however old it is: no membership event gives that membership access again (buying
// again makes a new membership). Reconciliation's expiry of a grant is not an event: it leaves
// the grant's event time alone, so a later webhook is judged on its own time.
import { and, eq, isNull, lte, or } from "drizzle-orm";
import type { AppConfig } from "../config";
import type { Queryable } from "../db/client";
import { type AccessGrant, accessGrant, appIdentity, billingTier, type GrantStatus } from "../db/schema";
import { AppError } from "../errors";
import { lockWhopObject } from "./lock";
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

/** The whopStatus a grant keeps once a refund or dispute has ended it: terminal for that membership. */
export type Reversal = "refunded" | "disputed";
const REVERSED: ReadonlySet<string> = new Set<Reversal>(["refunded", "disputed"]);

export type GrantChange =
  | { kind: "applied"; before: GrantStatus | null; after: GrantStatus }
  | { kind: "stale"; reason?: string }
  | { kind: "ignored"; reason: string };

/** The text stored as a webhook event's outcome. */
export function describeChange(change: GrantChange): string {
  if (change.kind === "applied") return `applied: ${change.before ?? "none"} -> ${change.after}`;
  if (change.kind === "stale") return `stale: ${change.reason ?? "a newer event was already applied"}`;
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

type GrantState = Pick<AccessGrant, "status" | "whopStatus" | "cancelAtPeriodEnd" | "renewsAt" | "whopPlanId">;

const GRANT_ORDER: GrantStatus[] = ["CANCELLED", "EXPIRED", "ACTIVE"];
const STATUS_ORDER = ["canceled", "expired", "*", "past_due", "canceling", "trialing", "active"];
const statusRank = (status: string | null) => {
  const rank = STATUS_ORDER.indexOf(status ?? "*");
  return rank < 0 ? STATUS_ORDER.indexOf("*") : rank;
};
const orderKey = (s: GrantState): Array<number | string> => [
  GRANT_ORDER.indexOf(s.status),
  statusRank(s.whopStatus),
  s.whopStatus ?? "",
  s.cancelAtPeriodEnd ? 0 : 1,
  s.renewsAt?.getTime() ?? Number.NEGATIVE_INFINITY,
  s.whopPlanId ?? "",
];

/** The same-time rule (see the header): true when `next` leaves less access than `current`. */
export function leavesLessAccess(next: GrantState, current: GrantState): boolean {
  const [a, b] = [orderKey(next), orderKey(current)];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number | string) < (b[i] as number | string);
  return false;
}

/**
 * Applies a membership's state as of `eventAt` to its grant. Older than the newest applied event →
 * nothing changes; as old → the same-time rule decides. A non-PRO plan is ignored unless the
 * membership already held PRO (a plan change away from PRO ends it). A membership without access is
 * still stored, so that an older "activated" delivered after a newer "deactivated" finds the newer
 * state and changes nothing. The caller releases what waits for the membership (reversals.ts).
 */
export async function applyMembership(
  tx: Queryable,
  config: AppConfig,
  m: MembershipState,
  eventAt: Date,
  now: Date,
): Promise<GrantChange> {
  // Serialises this with the buyer's first sign-in (attachWaitingGrants) and with refunds and
  // disputes of this membership: each then sees what the other committed.
  if (m.whopUserId) await lockWhopObject(tx, "user", m.whopUserId);
  await lockWhopObject(tx, "membership", m.membershipId);
  const previous = await lockGrant(tx, m.membershipId);
  if (previous?.whopStatus && REVERSED.has(previous.whopStatus))
    return { kind: "ignored", reason: `the membership was ${previous.whopStatus}` };
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
    if (previous.lastEventAt?.getTime() === eventAt.getTime() && !leavesLessAccess(fields, previous))
      return { kind: "stale", reason: "an event of the same time leaving no more access was already applied" };
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
  // Under the user lock, a sign-in either committed before this read or attaches after this commit.
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

/**
 * At sign-in: grants bought before the identity existed wait under the Whop user id; this gives
 * them to the identity. It takes the user's lock, as applyMembership does before it reads the
 * identity, so a membership webhook racing the first sign-in is attached by one or the other.
 */
export async function attachWaitingGrants(tx: Queryable, owner: { whopUserId: string; userId: string }, now: Date): Promise<void> {
  await lockWhopObject(tx, "user", owner.whopUserId);
  await tx
    .update(accessGrant)
    .set({ userId: owner.userId, updatedAt: now })
    .where(and(eq(accessGrant.whopUserId, owner.whopUserId), isNull(accessGrant.userId)));
}

/**
 * A refund or dispute of a membership's payment ends that membership's grant (CANCELLED) for good,
 * however old it is next to the membership's own events. Undefined when there is no grant yet:
 * the caller keeps the reversal waiting for the membership. The caller holds the membership lock.
 */
export async function revokeMembership(
  tx: Queryable,
  membershipId: string,
  reversal: Reversal,
  eventAt: Date,
  now: Date,
): Promise<GrantChange | undefined> {
  const previous = await lockGrant(tx, membershipId);
  if (!previous) return undefined;
  if (previous.whopStatus && REVERSED.has(previous.whopStatus))
    return { kind: "ignored", reason: `the membership was already ${previous.whopStatus}` };
  const lastEventAt = previous.lastEventAt && previous.lastEventAt > eventAt ? previous.lastEventAt : eventAt;
  await tx
    .update(accessGrant)
    .set({ status: "CANCELLED", whopStatus: reversal, lastEventAt, updatedAt: now })
    .where(eq(accessGrant.id, previous.id));
  return { kind: "applied", before: previous.status, after: "CANCELLED" };
}

/**
 * Reconciliation found no access-giving membership on Whop for an ACTIVE grant. It expires unless
 * its newest applied event is younger than `cutoff` (the listing's start minus the grace window).
 * The expiry is not an event: the grant keeps its event time.
 */
export async function expireUnlisted(tx: Queryable, grantId: string, cutoff: Date, now: Date): Promise<boolean> {
  const updated = await tx
    .update(accessGrant)
    .set({ status: "EXPIRED", whopStatus: null, updatedAt: now })
    .where(and(eq(accessGrant.id, grantId), eq(accessGrant.status, "ACTIVE"), notNewerThan(cutoff)))
    .returning({ id: accessGrant.id });
  return updated.length > 0;
}
