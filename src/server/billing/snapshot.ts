// Applies one complete listing of Whop's access-giving memberships to the local grants, both ways:
// listed PRO memberships become (or stay) ACTIVE, ACTIVE grants Whop no longer lists expire unless
// an event younger than the listing's start minus a grace window touched them (Whop's listing may
// lag its webhooks). Runs inside one transaction; every change goes through the same ordered rules
// as webhooks.
import { and, count, eq, or } from "drizzle-orm";
import type { AppConfig } from "../config";
import type { Queryable } from "../db/client";
import { accessGrant, type GrantStatus } from "../db/schema";
import { applyMembership, expireUnlisted, isProMembership } from "./grants";
import type { MembershipState } from "./membership";
import { releaseWaiting, waitKey } from "./reversals";

/** How much older than the listing's start a grant's newest event must be before the listing may expire it. */
export const RECONCILE_GRACE_MS = 10 * 60_000;

export interface ReconcileCounts {
  checked: number;
  activated: number;
  expired: number;
  unchanged: number;
  failed: number;
}

export const emptyCounts = (): ReconcileCounts => ({ checked: 0, activated: 0, expired: 0, unchanged: 0, failed: 0 });

/** Whose grants the listing covers: everyone's, or one Whop user's (the sign-in check). */
export type SnapshotScope = { kind: "all" } | { kind: "user"; whopUserId: string; userId: string };

export interface Snapshot {
  memberships: MembershipState[];
  /** When the listing started: a webhook applied after this is newer than anything listed. */
  observedAt: Date;
}

/** ACTIVE grants from Whop memberships (what a run's expiry ceiling is measured against). */
export async function countActiveWhopGrants(tx: Queryable): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(accessGrant)
    .where(and(eq(accessGrant.source, "whop"), eq(accessGrant.status, "ACTIVE")));
  return row?.n ?? 0;
}

export async function applySnapshot(
  tx: Queryable,
  config: AppConfig,
  snapshot: Snapshot,
  scope: SnapshotScope,
  now: Date,
  graceMs = RECONCILE_GRACE_MS,
): Promise<ReconcileCounts> {
  const counts = emptyCounts();
  const listed = new Set<string>();

  for (const m of snapshot.memberships) {
    if (!isProMembership(config, m)) continue;
    listed.add(m.membershipId);
    counts.checked++;
    // Whop's updated_at orders this against webhooks: a newer webhook wins, an older one loses.
    const change = await applyMembership(tx, config, m, m.updatedAt ?? snapshot.observedAt, now);
    // A refund or dispute that waited for this membership ends it before it ever counts as PRO.
    const revoked = (await releaseWaiting(tx, waitKey.membership(m.membershipId), now)) > 0;
    const before: GrantStatus | null = change.kind === "applied" ? change.before : null;
    const after: GrantStatus | null = revoked ? "CANCELLED" : change.kind === "applied" ? change.after : null;
    if (after === "ACTIVE" && before !== "ACTIVE") counts.activated++;
    else if (after && after !== "ACTIVE" && before === "ACTIVE") counts.expired++;
    else if (change.kind === "ignored" && change.reason === "membership has no user") counts.failed++;
    else counts.unchanged++;
  }

  const owner = scope.kind === "user" ? or(eq(accessGrant.whopUserId, scope.whopUserId), eq(accessGrant.userId, scope.userId)) : undefined;
  const active = await tx
    .select({ id: accessGrant.id, membershipId: accessGrant.whopMembershipId })
    .from(accessGrant)
    .where(and(eq(accessGrant.source, "whop"), eq(accessGrant.status, "ACTIVE"), owner));
  const cutoff = new Date(snapshot.observedAt.getTime() - graceMs);
  for (const grant of active) {
    if (grant.membershipId && listed.has(grant.membershipId)) continue;
    counts.checked++;
    if (await expireUnlisted(tx, grant.id, cutoff, now)) counts.expired++;
    else counts.unchanged++;
  }
  return counts;
}
