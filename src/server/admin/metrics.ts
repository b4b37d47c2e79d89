// GET /api/admin/metrics and its CSV: usage, estimated cost, sign-ups and PRO members over a range
// of UTC days ending today, one row per day (zeros included). `generations` counts every admitted
// model call, follow-ups included, whatever its outcome (a failed call whose unit was given back
// still counts; so does one still streaming); completed, failed and aborted split the settled ones.
import { sql } from "drizzle-orm";
import type { AppConfig } from "../config";
import { type Queryable, queryRows } from "../db/client";
import { costUsd, type Prices, roundUsd } from "./cost";
import { type DayRange, dayRange, daysOf } from "./days";
import { activeProNow, signupsByDay } from "./growth";
import { type UsageCell, usageCells } from "./ledger";
import { rollUpClosedDays } from "./rollup";

export interface DailyMetrics {
  day: string;
  generations: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  signups: number;
  byTier: Record<string, number>;
  byModel: Record<string, { generations: number; costUsd: number }>;
}

export interface Metrics {
  range: DayRange;
  totals: {
    generations: number;
    completed: number;
    failed: number;
    aborted: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    signups: number;
    activePro: number;
  };
  daily: DailyMetrics[];
}

/**
 * The range's closed days rolled up where possible, then its usage cells, sign-ups, PRO members and
 * tier names, and which days are still read from the ledger (`open`).
 */
export async function loadMetricsInputs(db: Queryable, range: DayRange, now: Date) {
  const open = await rollUpClosedDays(db, range, now);
  const [cells, signups, activePro, tiers] = await Promise.all([
    usageCells(db, range, open),
    signupsByDay(db, range),
    activeProNow(db),
    queryRows<{ name: string }>(db, sql`SELECT name FROM billing_tier ORDER BY rank, name`),
  ]);
  return { cells, signups, activePro, tiers: tiers.map((t) => t.name), open };
}

/** Folds the usage cells into one row per day and the range's totals. */
export function buildMetrics(
  range: DayRange,
  inputs: { cells: UsageCell[]; signups: Map<string, number>; activePro: { total: number }; tiers: string[] },
  prices: Prices,
): Metrics {
  const models = [...new Set(inputs.cells.map((c) => c.model))].sort();
  const tiers = [...new Set([...inputs.tiers, ...inputs.cells.map((c) => c.tier)])];
  const byDay = new Map<string, DailyMetrics>();
  // Tokens per day and model: cost is priced per model, then rounded once per figure reported.
  const tokens = new Map<string, { input: number; output: number }>();
  for (const day of daysOf(range)) {
    byDay.set(day, {
      day,
      generations: 0,
      failed: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      signups: inputs.signups.get(day) ?? 0,
      byTier: Object.fromEntries(tiers.map((t) => [t, 0])),
      byModel: Object.fromEntries(models.map((m) => [m, { generations: 0, costUsd: 0 }])),
    });
  }
  const totals = { generations: 0, completed: 0, failed: 0, aborted: 0, inputTokens: 0, outputTokens: 0 };
  const modelTotals = new Map<string, { input: number; output: number }>();
  const add = (map: Map<string, { input: number; output: number }>, key: string, c: UsageCell) => {
    const t = map.get(key) ?? { input: 0, output: 0 };
    t.input += c.inputTokens;
    t.output += c.outputTokens;
    map.set(key, t);
  };
  for (const c of inputs.cells) {
    const row = byDay.get(c.day);
    if (!row) continue;
    row.generations += c.calls;
    if (c.status === "failed") row.failed += c.calls;
    row.inputTokens += c.inputTokens;
    row.outputTokens += c.outputTokens;
    row.byTier[c.tier] = (row.byTier[c.tier] ?? 0) + c.calls;
    const model = row.byModel[c.model];
    if (model) model.generations += c.calls;
    add(tokens, `${c.day} ${c.model}`, c);
    add(modelTotals, c.model, c);
    totals.generations += c.calls;
    if (c.status === "complete") totals.completed += c.calls;
    if (c.status === "failed") totals.failed += c.calls;
    if (c.status === "aborted") totals.aborted += c.calls;
    totals.inputTokens += c.inputTokens;
    totals.outputTokens += c.outputTokens;
  }
  for (const row of byDay.values()) {
    let dayCost = 0;
    for (const model of models) {
      const t = tokens.get(`${row.day} ${model}`);
      const cost = t ? costUsd(prices, model, t.input, t.output) : 0;
      dayCost += cost;
      const entry = row.byModel[model];
      if (entry) entry.costUsd = roundUsd(cost);
    }
    row.costUsd = roundUsd(dayCost);
  }
  let totalCost = 0;
  for (const [model, t] of modelTotals) totalCost += costUsd(prices, model, t.input, t.output);
  const signups = [...byDay.values()].reduce((n, d) => n + d.signups, 0);
  return {
    range,
    totals: { ...totals, costUsd: roundUsd(totalCost), signups, activePro: inputs.activePro.total },
    daily: [...byDay.values()],
  };
}

/** The metrics of the `days` days ending today (UTC). */
export async function usageMetrics(db: Queryable, config: AppConfig, options: { days: number; now: Date }): Promise<Metrics> {
  const range = dayRange(options.now, options.days);
  return buildMetrics(range, await loadMetricsInputs(db, range, options.now), config.usage.prices);
}

export const CSV_HEADER = "day,generations,failed,input_tokens,output_tokens,cost_usd,signups";

/** One row per day; every field is a date or a number, so nothing needs quoting. */
export function metricsCsv(metrics: Metrics): string {
  const rows = metrics.daily.map((d) =>
    [d.day, d.generations, d.failed, d.inputTokens, d.outputTokens, d.costUsd.toFixed(6), d.signups].join(","),
  );
  return `${[CSV_HEADER, ...rows].join("\r\n")}\r\n`;
}
