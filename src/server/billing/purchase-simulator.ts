// What a purchase stand-in offers the app (local mode's, in src/server/local): a simulated Whop
// membership event for the signed-in user, applied through the real webhook path.
import type { AppContext } from "../context";
import type { AppIdentity } from "../db/schema";
import type { WebhookResult } from "./webhooks";

export const SIMULATED_EVENTS = ["membership.activated", "membership.deactivated"] as const;
export type SimulatedEvent = (typeof SIMULATED_EVENTS)[number];

export interface PurchaseSimulator {
  simulate(ctx: AppContext, identity: Pick<AppIdentity, "whopId" | "email">, type: SimulatedEvent): Promise<WebhookResult>;
}
