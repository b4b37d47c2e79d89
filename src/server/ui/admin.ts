// What the admin overview page shows, in one call: the range's usage metrics (admin/metrics.ts)
// and what the charts add to them — PRO members over time, sign-ups and conversions, failures by
// error code, top blueprints, time to first token per model — with the member count and the
// latest webhook deliveries and reconciliation runs. All queries run at once.
import { count, desc } from "drizzle-orm";
import { costUsd, isPriced, roundUsd } from "../admin/cost";
import { type DayRange, dayRange } from "../admin/days";
import { activeProByDay, activeProNow, conversionsByDay, type ProDay } from "../admin/growth";
import { type BlueprintUsage, blueprintUsage, percentileOf, ttftBuckets } from "../admin/ledger";
import { buildMetrics, loadMetricsInputs, type Metrics } from "../admin/metrics";
import type { AppConfig } from "../config";
import type { Db } from "../db/client";
import { appIdentity, reconcileRun, webhookEvent } from "../db/schema";

export interface AdminOverview {
  metrics: Metrics;
  /** Members whose tier is PRO right now, and how many of them only through a comp. */
  activePro: { total: number; comp: number };
  proByDay: ProDay[];
  growthByDay: { day: string; signups: number; conversions: number }[];
  failuresByCode: { code: string; calls: number }[];
  topBlueprints: BlueprintUsage[];
  ttft: { model: string; p50: number | null; p95: number | null; calls: number }[];
  models: { model: string; generations: number; inputTokens: number; outputTokens: number; costUsd: number; priced: boolean }[];
  identities: number;
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

export const RANGE_CHOICES = [7, 30, 90] as const;

export async function adminOverview(
  db: Db,
  config: AppConfig,
  options: { days: number; now: Date; recent?: number },
): Promise<AdminOverview> {
  const range: DayRange = dayRange(options.now, options.days);
  const recent = options.recent ?? 5;
  const inputs = loadMetricsInputs(db, range, options.now);
  // The ledger reads wait for the roll-up (inside loadMetricsInputs); the others need not.
  const ledgerReads = inputs.then(({ open }) => Promise.all([blueprintUsage(db, range, open), ttftBuckets(db, range, open)]));
  const [metricsInputs, [blueprints, buckets], proByDay, conversions, activePro, [identities], webhookEvents, reconcileRuns] =
    await Promise.all([
      inputs,
      ledgerReads,
      activeProByDay(db, range, options.now),
      conversionsByDay(db, range),
      activeProNow(db),
      db.select({ n: count() }).from(appIdentity),
      db
        .select({ id: webhookEvent.id, type: webhookEvent.type, outcome: webhookEvent.outcome, receivedAt: webhookEvent.receivedAt })
        .from(webhookEvent)
        .orderBy(desc(webhookEvent.receivedAt))
        .limit(recent),
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
        .limit(recent),
    ]);
  const prices = config.usage.prices;
  const metrics = buildMetrics(range, metricsInputs, prices);

  const failures = new Map<string, number>();
  const models = new Map<string, { generations: number; inputTokens: number; outputTokens: number }>();
  for (const c of metricsInputs.cells) {
    if (c.status === "failed") failures.set(c.errorCode || "unknown", (failures.get(c.errorCode || "unknown") ?? 0) + c.calls);
    const m = models.get(c.model) ?? { generations: 0, inputTokens: 0, outputTokens: 0 };
    m.generations += c.calls;
    m.inputTokens += c.inputTokens;
    m.outputTokens += c.outputTokens;
    models.set(c.model, m);
  }
  const bucketsByModel = new Map<string, { bucket: number; calls: number }[]>();
  for (const b of buckets) bucketsByModel.set(b.model, [...(bucketsByModel.get(b.model) ?? []), b]);

  return {
    metrics,
    activePro,
    proByDay,
    growthByDay: metrics.daily.map((d) => ({ day: d.day, signups: d.signups, conversions: conversions.get(d.day) ?? 0 })),
    failuresByCode: [...failures]
      .map(([code, calls]) => ({ code, calls }))
      .sort((a, b) => b.calls - a.calls || a.code.localeCompare(b.code)),
    topBlueprints: blueprints.slice(0, 8),
    ttft: [...bucketsByModel]
      .map(([model, list]) => ({
        model,
        p50: percentileOf(list, 0.5),
        p95: percentileOf(list, 0.95),
        calls: list.reduce((n, b) => n + b.calls, 0),
      }))
      .sort((a, b) => a.model.localeCompare(b.model)),
    models: [...models]
      .map(([model, m]) => ({
        model,
        ...m,
        costUsd: roundUsd(costUsd(prices, model, m.inputTokens, m.outputTokens)),
        priced: isPriced(prices, model),
      }))
      .sort((a, b) => b.costUsd - a.costUsd || b.generations - a.generations),
    identities: Number(identities?.n ?? 0),
    webhookEvents,
    reconcileRuns,
  };
}
