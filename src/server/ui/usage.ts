// Read-only view of today's usage for pages: how many generations the identity used this UTC day
// and what its tier allows. Consuming a unit is the generation code's job, not this module's.
import { and, eq } from "drizzle-orm";
import { effectiveTier } from "../access/tiers";
import type { Db } from "../db/client";
import { usageCounter } from "../db/schema";

export interface UsageView {
  tier: string;
  /** Generations per UTC day; null is unlimited. */
  limit: number | null;
  used: number;
  /** null when unlimited. */
  remaining: number | null;
  /** The next UTC midnight, when the count starts again. */
  resetsAt: string;
}

export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

export async function usageToday(db: Db, userId: string, now: Date): Promise<UsageView> {
  const [tier, [row]] = await Promise.all([
    effectiveTier(db, userId),
    db
      .select({ count: usageCounter.count })
      .from(usageCounter)
      .where(and(eq(usageCounter.userId, userId), eq(usageCounter.day, utcDay(now)))),
  ]);
  const used = row?.count ?? 0;
  const limit = tier.dailyLimit < 0 ? null : tier.dailyLimit;
  return {
    tier: tier.name,
    limit,
    used,
    remaining: limit === null ? null : Math.max(0, limit - used),
    resetsAt: nextUtcMidnight(now).toISOString(),
  };
}
