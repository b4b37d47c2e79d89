// What the account page shows about billing: the effective tier and each grant with its Whop
// state, plus where Whop lets the member manage or cancel the membership.
import { and, desc, eq } from "drizzle-orm";
import { effectiveTier } from "../access/tiers";
import type { Queryable } from "../db/client";
import { accessGrant, billingTier, type GrantStatus } from "../db/schema";

/** Whop's page where a member manages (cancels, changes) their memberships. */
export const WHOP_MANAGE_URL = "https://whop.com/@me/settings/memberships/";

export interface AccountGrant {
  id: string;
  tier: string;
  status: GrantStatus;
  source: "signup" | "whop" | "comp";
  whopMembershipId: string | null;
  whopPlanId: string | null;
  whopStatus: string | null;
  renewsAt: Date | null;
  cancelAtPeriodEnd: boolean;
  activatedAt: Date;
  updatedAt: Date;
}

export interface AccountBilling {
  tier: string;
  /** True for a FREE user: the pricing and account pages offer the upgrade. */
  canUpgrade: boolean;
  grants: AccountGrant[];
  manageUrl: string;
}

export async function getAccountBilling(db: Queryable, userId: string): Promise<AccountBilling> {
  const tier = await effectiveTier(db, userId);
  const grants = await db
    .select({
      id: accessGrant.id,
      tier: billingTier.name,
      status: accessGrant.status,
      source: accessGrant.source,
      whopMembershipId: accessGrant.whopMembershipId,
      whopPlanId: accessGrant.whopPlanId,
      whopStatus: accessGrant.whopStatus,
      renewsAt: accessGrant.renewsAt,
      cancelAtPeriodEnd: accessGrant.cancelAtPeriodEnd,
      activatedAt: accessGrant.activatedAt,
      updatedAt: accessGrant.updatedAt,
    })
    .from(accessGrant)
    .innerJoin(billingTier, eq(billingTier.id, accessGrant.tierId))
    .where(and(eq(accessGrant.userId, userId), eq(accessGrant.source, "whop")))
    .orderBy(desc(accessGrant.updatedAt));
  return { tier: tier.name, canUpgrade: tier.name === "FREE", grants, manageUrl: WHOP_MANAGE_URL };
}
