// What a user may do: the effective tier is the best grant in force (by tier rank), read from the
// database on every request. Limits come from BillingTier rows, never from constants.
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
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

/**
 * THE rule for a grant that gives its tier right now: ACTIVE, and not past its end date (a comp
 * grant ends on its `expires_at` by itself; the others have none). Every reader of the effective
 * tier uses this fragment (here, the generation gate, the admin pages), so they cannot disagree.
 * The clock is the database's, as one statement sees it.
 */
export function grantInForce(grant: { status: SQL | typeof accessGrant.status; expiresAt: SQL | typeof accessGrant.expiresAt }): SQL {
  return sql`(${grant.status} = 'ACTIVE' AND (${grant.expiresAt} IS NULL OR ${grant.expiresAt} > now()))`;
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
    .where(and(eq(accessGrant.userId, userId), grantInForce(accessGrant)))
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
  // No grant in force (e.g. every membership expired and the sign-up grant was removed): FREE rules.
  const [free] = await db.select().from(billingTier).where(eq(billingTier.name, "FREE"));
  if (!free) throw new AppError("unavailable:tiers", "Tiers are not set up yet.");
  return { name: free.name, dailyLimit: free.dailyLimit, templateCap: free.templateCap };
}
