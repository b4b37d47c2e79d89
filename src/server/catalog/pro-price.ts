// The PRO price line of the pricing page: from Whop's own plan (the first WHOP_PRO_PLAN_IDS plan,
// through the API) when WHOP_API_KEY is set, else PRO_PRICE_LABEL, else no line at all. The Whop
// answer is kept in-process for ten minutes; a failed or slow call falls back to the label (and is
// not retried for a minute), so Whop can never break or stall the pricing page.
import { z } from "zod";
import { createWhopClient, describeWhopFailure, type WhopClient } from "../billing/whop";
import type { AppConfig } from "../config";
import { log } from "../log";

export interface ProPrice {
  label: string;
  source: "whop" | "config";
}

export const PRICE_TTL_MS = 10 * 60_000;
export const FAILURE_TTL_MS = 60_000;
const WHOP_TIMEOUT_MS = 3_000;

const PlanSchema = z.object({
  initial_price: z.number().nonnegative(),
  renewal_price: z.number().nonnegative(),
  billing_period: z.number().int().positive().nullable(),
  currency: z.string().min(3),
  plan_type: z.string(),
  trial_period_days: z.number().int().nonnegative().nullish(),
});
type Plan = z.infer<typeof PlanSchema>;

interface Cached {
  price: Promise<ProPrice | null>;
  expiresAt: number;
}
const cache = new Map<string, Cached>();

/** Tests only: forget every cached price. */
export function clearProPriceCache(): void {
  cache.clear();
}

export async function proPrice(config: AppConfig, deps: { whop?: WhopClient | null; now?: () => number } = {}): Promise<ProPrice | null> {
  const fallback: ProPrice | null = config.billing.proPriceLabel ? { label: config.billing.proPriceLabel, source: "config" } : null;
  const planId = config.whop.proPlanIds[0];
  if (!config.whop.apiKey || !planId) return fallback;
  const now = deps.now ?? Date.now;
  const key = `${config.whop.apiBaseUrl}|${planId}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now()) return hit.price;

  const entry: Cached = { price: Promise.resolve(null), expiresAt: now() + PRICE_TTL_MS };
  entry.price = (async () => {
    try {
      const client = deps.whop !== undefined ? deps.whop : createWhopClient(config, { maxRetries: 0, timeoutMs: WHOP_TIMEOUT_MS });
      if (!client) return fallback;
      const plan = PlanSchema.parse(await client.plans.retrieve(planId));
      return { label: formatPlanPrice(plan), source: "whop" } satisfies ProPrice;
    } catch (error) {
      log.warn("PRO price from Whop unavailable; using PRO_PRICE_LABEL", {
        planId,
        reason: error instanceof z.ZodError ? "unexpected plan shape" : describeWhopFailure(error),
      });
      entry.expiresAt = now() + FAILURE_TTL_MS;
      return fallback;
    }
  })();
  cache.set(key, entry);
  return entry.price;
}

function money(amount: number, currency: string): string {
  const whole = Number.isInteger(amount);
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: 2,
    }).format(amount);
  } catch {
    return `${amount.toFixed(whole ? 0 : 2)} ${currency.toUpperCase()}`;
  }
}

function period(days: number): string {
  if (days === 1) return "day";
  if (days === 7) return "week";
  if (days >= 28 && days <= 31) return "month";
  if (days >= 89 && days <= 92) return "quarter";
  if (days === 365 || days === 366) return "year";
  return `${days} days`;
}

/** "$19 / month", "$190 / year after a 7-day free trial", "$49 once". */
export function formatPlanPrice(plan: Plan): string {
  if (plan.plan_type === "one_time" || plan.billing_period === null) return `${money(plan.initial_price, plan.currency)} once`;
  const per = period(plan.billing_period);
  let line = `${money(plan.renewal_price, plan.currency)} / ${per}`;
  if (plan.initial_price > 0) line += ` + ${money(plan.initial_price, plan.currency)} to join`;
  if (plan.trial_period_days) line += ` after a ${plan.trial_period_days}-day free trial`;
  return line;
}
