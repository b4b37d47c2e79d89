// What the operator page shows: how many identities exist, active grants by tier, and the latest
// webhook deliveries and reconciliation runs. Read-only queries over the billing tables.
import { count, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { accessGrant, appIdentity, billingTier, reconcileRun, webhookEvent } from "../db/schema";

export interface AdminOverview {
  identities: number;
  grantsByTier: { tier: string; status: string; grants: number }[];
  webhookEvents: { id: string; type: string; outcome: string; receivedAt: Date }[];
  reconcileRuns: {
    id: string;
    trigger: string;
    status: string;
    counts: Record<string, number> | null;
    error: string | null;
    startedAt: Date;
  }[];
}

export async function adminOverview(db: Db, limit = 10): Promise<AdminOverview> {
  const [[identities], grantsByTier, webhookEvents, reconcileRuns] = await Promise.all([
    db.select({ n: count() }).from(appIdentity),
    db
      .select({ tier: billingTier.name, status: accessGrant.status, grants: count() })
      .from(accessGrant)
      .innerJoin(billingTier, eq(billingTier.id, accessGrant.tierId))
      .groupBy(billingTier.name, billingTier.rank, accessGrant.status)
      .orderBy(desc(billingTier.rank), accessGrant.status),
    db
      .select({ id: webhookEvent.id, type: webhookEvent.type, outcome: webhookEvent.outcome, receivedAt: webhookEvent.receivedAt })
      .from(webhookEvent)
      .orderBy(desc(webhookEvent.receivedAt))
      .limit(limit),
    db
      .select({
        id: reconcileRun.id,
        trigger: reconcileRun.trigger,
        status: reconcileRun.status,
        counts: reconcileRun.counts,
        error: reconcileRun.error,
        startedAt: reconcileRun.startedAt,
      })
      .from(reconcileRun)
      .orderBy(desc(reconcileRun.startedAt))
      .limit(limit),
  ]);
  return {
    identities: Number(identities?.n ?? 0),
    grantsByTier: grantsByTier.map((g) => ({ ...g, grants: Number(g.grants) })),
    webhookEvents,
    reconcileRuns,
  };
}
