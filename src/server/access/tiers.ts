// What a user may do: the effective tier is the best ACTIVE grant (by tier rank), read from the
// database on every request. Limits come from BillingTier rows, never from constants.
import { and, desc, eq } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { accessGrant, billingTier } from "../db/schema";
import { AppError } from "../errors";

export interface EffectiveTier {
  name: string;
  /** Generations per UTC day; -1 is unlimited. */
  dailyLimit: number;
  templateCap: number;
  /** The grant that gives this tier (absent only if the identity somehow has no grant). */
  grant?: { id: string; source: "signup" | "whop" | "comp"; renewsAt: Date | null; whopStatus: string | null; cancelAtPeriodEnd: boolean };
}

export async function effectiveTier(db: Queryable, userId: string): Promise<EffectiveTier> {
  const [best] = await db
    .select({
      name: billingTier.name,
      dailyLimit: billingTier.dailyLimit,
      templateCap: billingTier.templateCap,
      grantId: accessGrant.id,
      source: accessGrant.source,
      renewsAt: accessGrant.renewsAt,
      whopStatus: accessGrant.whopStatus,
      cancelAtPeriodEnd: accessGrant.cancelAtPeriodEnd,
    })
    .from(accessGrant)
    .innerJoin(billingTier, eq(billingTier.id, accessGrant.tierId))
    .where(and(eq(accessGrant.userId, userId), eq(accessGrant.status, "ACTIVE")))
    .orderBy(desc(billingTier.rank), desc(accessGrant.activatedAt))
    .limit(1);
  if (best) {
    return {
      name: best.name,
      dailyLimit: best.dailyLimit,
      templateCap: best.templateCap,
      grant: {
        id: best.grantId,
        source: best.source,
        renewsAt: best.renewsAt,
        whopStatus: best.whopStatus,
        cancelAtPeriodEnd: best.cancelAtPeriodEnd,
      },
    };
  }
  // No active grant (e.g. every membership expired and the sign-up grant was removed): FREE rules.
  const [free] = await db.select().from(billingTier).where(eq(billingTier.name, "FREE"));
  if (!free) throw new AppError("unavailable:tiers", "Tiers are not set up yet.");
  return { name: free.name, dailyLimit: free.dailyLimit, templateCap: free.templateCap };
}
