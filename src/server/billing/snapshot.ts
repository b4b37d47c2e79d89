// Applies one complete listing of Whop's access-giving memberships to the local grants, both ways:
// listed PRO memberships become (or stay) ACTIVE, ACTIVE grants Whop no longer lists expire.
// Runs inside one transaction; every change goes through the same ordered rules as webhooks.
import { and, eq, or } from "drizzle-orm";
import type { AppConfig } from "../config";
import type { Queryable } from "../db/client";
import { accessGrant } from "../db/schema";
import { applyMembership, expireUnlisted, isProMembership } from "./grants";
import type { MembershipState } from "./membership";

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

export async function applySnapshot(
  tx: Queryable,
  config: AppConfig,
  snapshot: Snapshot,
  scope: SnapshotScope,
  now: Date,
): Promise<ReconcileCounts> {
  const counts = emptyCounts();
  const listed = new Set<string>();

  for (const m of snapshot.memberships) {
    if (!isProMembership(config, m)) continue;
    listed.add(m.membershipId);
    counts.checked++;
    // Whop's updated_at orders this against webhooks: a newer webhook wins, an older one loses.
    const change = await applyMembership(tx, config, m, m.updatedAt ?? snapshot.observedAt, now);
    if (change.kind === "applied" && change.after === "ACTIVE" && change.before !== "ACTIVE") counts.activated++;
    else if (change.kind === "applied" && change.after !== "ACTIVE" && change.before === "ACTIVE") counts.expired++;
    else if (change.kind === "ignored" && change.reason === "membership has no user") counts.failed++;
    else counts.unchanged++;
  }

  const owner = scope.kind === "user" ? or(eq(accessGrant.whopUserId, scope.whopUserId), eq(accessGrant.userId, scope.userId)) : undefined;
  const active = await tx
    .select({ id: accessGrant.id, membershipId: accessGrant.whopMembershipId })
    .from(accessGrant)
    .where(and(eq(accessGrant.source, "whop"), eq(accessGrant.status, "ACTIVE"), owner));
  for (const grant of active) {
    if (grant.membershipId && listed.has(grant.membershipId)) continue;
    counts.checked++;
    if (await expireUnlisted(tx, grant.id, snapshot.observedAt, now)) counts.expired++;
    else counts.unchanged++;
  }
  return counts;
}
