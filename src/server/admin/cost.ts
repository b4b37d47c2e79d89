// Estimated cost: tokens × MODEL_PRICES (USD per million tokens, by registry model id; config.ts
// holds the defaults, 0 for demo and local). Prices are today's: changing MODEL_PRICES re-prices
// the past too. A model without a price costs 0 and is listed as unpriced.
import type { AppConfig } from "../config";

export type Prices = AppConfig["usage"]["prices"];

export function costUsd(prices: Prices, model: string, inputTokens: number, outputTokens: number): number {
  const price = prices[model];
  if (!price) return 0;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}

/** Money as reported: rounded to a millionth of a dollar. */
export const roundUsd = (usd: number): number => Math.round(usd * 1_000_000) / 1_000_000;

export const isPriced = (prices: Prices, model: string): boolean => model in prices;
