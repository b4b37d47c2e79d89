// Local mode: which stand-ins run, decided from the configuration. Each one exists only while its
// real counterpart is not configured, and never in production. The composition root (app-config.ts
// for the configuration, context.ts for the rest, scripts/start.ts for the sign-in provider) wires
// them in; no production module imports this folder.
import type { PurchaseSimulator } from "../billing/purchase-simulator";
import type { AppConfig } from "../config";
import type { ModelEntry } from "../generation/models";
import { demoModelEntry } from "./demo-model";
import { purchaseSimulator } from "./purchase-simulation";

export interface LocalStandIns {
  /** The registry's fallback when no provider key is set. */
  demoModel?: () => ModelEntry;
  /** The account page's simulated purchase, while Whop billing is not configured. */
  purchases?: PurchaseSimulator;
}

export function localStandInsFor(config: AppConfig, options: { demoChunkDelayMs?: number } = {}): LocalStandIns {
  if (config.isProduction) return {};
  const { local } = config;
  const billingConfigured = !local.proPlan || !local.webhookSecret || Boolean(config.whop.apiKey);
  return {
    demoModel: local.demoModel ? () => demoModelEntry({ chunkDelayMs: options.demoChunkDelayMs }) : undefined,
    purchases: billingConfigured ? undefined : purchaseSimulator,
  };
}
