// An admin's member actions: grant PRO for N days ("comp") and revoke a comp, each with a reason
// and an audit entry in the same transaction. A comp is not a Whop membership: reconciliation only
// touches grants of source `whop` (billing/snapshot.ts), and a comp ends on its `expires_at` by
// itself (tiers.ts's grantInForce). Both take effect on the member's next request, since the tier
// is read from the database on every request.
import { and, eq, sql } from "drizzle-orm";
import { grantInForce } from "../access/tiers";
import type { Db } from "../db/client";
import { type AppIdentity, accessGrant, appIdentity, billingTier } from "../db/schema";
import { AppError } from "../errors";
import { recordAudit } from "./audit";

export const COMP_MAX_DAYS = 365;

export interface CompGrant {
  id: string;
  tier: "PRO";
  expiresAt: Date;
}

type Admin = Pick<AppIdentity, "id" | "email">;

export async function grantComp(
  db: Db,
  admin: Admin,
  input: { identityId: string; days: number; reason: string },
  now: Date,
): Promise<CompGrant> {
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: appIdentity.id, whopId: appIdentity.whopId })
      .from(appIdentity)
      .where(eq(appIdentity.id, input.identityId));
    if (!member) throw new AppError("not_found:member", "No member has this id.");
    const [pro] = await tx.select({ id: billingTier.id }).from(billingTier).where(eq(billingTier.name, "PRO"));
    if (!pro) throw new AppError("unavailable:tiers", "Tiers are not set up yet. Run the seed.");
    const expiresAt = new Date(now.getTime() + input.days * 86_400_000);
    const [grant] = await tx
      .insert(accessGrant)
      .values({
        userId: member.id,
        whopUserId: member.whopId,
        tierId: pro.id,
        status: "ACTIVE",
        source: "comp",
        activatedAt: now,
        expiresAt,
        grantedBy: admin.id,
        updatedAt: now,
      })
      .returning({ id: accessGrant.id });
    if (!grant) throw new AppError("internal:comp_grant", "Could not save the grant.");
    await recordAudit(tx, {
      actor: admin,
      action: "grant.comp",
      targetIdentityId: member.id,
      targetRef: grant.id,
      reason: input.reason,
      details: { tier: "PRO", days: input.days, expiresAt: expiresAt.toISOString() },
      at: now,
    });
    return { id: grant.id, tier: "PRO", expiresAt };
  });
}

/** Ends a comp grant in force now (CANCELLED); 404 for no such grant, 409 for a Whop or sign-up grant or one already over. */
export async function revokeComp(db: Db, admin: Admin, input: { grantId: string; reason: string }, now: Date): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const [grant] = await tx
      .select({
        id: accessGrant.id,
        userId: accessGrant.userId,
        source: accessGrant.source,
        inForce: sql<boolean>`${grantInForce(accessGrant)}`,
        expiresAt: accessGrant.expiresAt,
      })
      .from(accessGrant)
      .where(eq(accessGrant.id, input.grantId))
      .for("update");
    if (!grant) throw new AppError("not_found:grant", "No grant has this id.");
    if (grant.source !== "comp")
      throw new AppError("conflict:not_comp", "Only comp grants can be revoked here; Whop memberships are managed on Whop.");
    if (!grant.inForce) throw new AppError("conflict:grant_ended", "This comp grant has already ended.");
    await tx
      .update(accessGrant)
      .set({ status: "CANCELLED", updatedAt: now })
      .where(and(eq(accessGrant.id, grant.id), eq(accessGrant.status, "ACTIVE")));
    await recordAudit(tx, {
      actor: admin,
      action: "grant.revoke",
      targetIdentityId: grant.userId,
      targetRef: grant.id,
      reason: input.reason,
      details: { expiresAt: grant.expiresAt?.toISOString() ?? null },
      at: now,
    });
    return { id: grant.id };
  });
}
