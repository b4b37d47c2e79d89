// Local mode's stand-in for a Whop purchase: builds a realistic membership event, signs it with the
// app's webhook secret exactly as Whop would, and (for the account page) applies it through the
// same webhook handler. Shared by `npm run whop:trigger` and POST /api/billing/simulate; offered
// only while Whop billing is not configured (local/index.ts decides).
import { createHash, randomBytes } from "node:crypto";
import { type PurchaseSimulator, SIMULATED_EVENTS, type SimulatedEvent } from "../billing/purchase-simulator";
import { signPayload } from "../billing/signature";
import { handleWhopWebhook } from "../billing/webhooks";
import type { AppConfig } from "../config";
import type { AppContext } from "../context";
import { LOCAL_PRO_PLAN_ID } from "./plan";

export { SIMULATED_EVENTS, type SimulatedEvent };

/** One stable membership per Whop user, so "deactivated" ends the membership "activated" made. */
export function localMembershipId(whopUserId: string): string {
  return `mem_local_${createHash("sha256").update(whopUserId).digest("hex").slice(0, 16)}`;
}

export interface SimulationInput {
  type: SimulatedEvent;
  whopUserId: string;
  email?: string | null;
  planId?: string;
  membershipId?: string;
  now: Date;
}

export interface SignedDelivery {
  messageId: string;
  body: string;
  headers: Record<string, string>;
}

/** The membership event Whop would send, with its data shaped like Whop's membership object. */
export function buildMembershipEvent(config: AppConfig, input: SimulationInput): { messageId: string; body: string } {
  const at = input.now.toISOString();
  const renewal = new Date(input.now.getTime() + 30 * 24 * 60 * 60 * 1000).toISOString();
  const active = input.type === "membership.activated";
  const messageId = `msg_${randomBytes(12).toString("hex")}`;
  const username = (input.email ?? input.whopUserId).split("@")[0] ?? input.whopUserId;
  const event = {
    id: messageId,
    api_version: "v1",
    timestamp: at,
    type: input.type,
    company_id: config.whop.companyId ?? "biz_local",
    data: {
      id: input.membershipId ?? localMembershipId(input.whopUserId),
      status: active ? "active" : "expired",
      cancel_at_period_end: false,
      canceled_at: null,
      created_at: at,
      updated_at: at,
      renewal_period_start: active ? at : null,
      renewal_period_end: active ? renewal : null,
      manage_url: null,
      license_key: null,
      currency: "usd",
      metadata: { simulated: true },
      user: { id: input.whopUserId, email: input.email ?? null, username, name: null },
      plan: { id: input.planId ?? config.whop.proPlanIds[0] ?? LOCAL_PRO_PLAN_ID, metadata: null },
      product: { id: config.whop.proProductIds[0] ?? "prod_local_pro", title: "AI SSA Studio PRO", metadata: null },
      company: { id: config.whop.companyId ?? "biz_local", title: "AI SSA Studio (local)" },
      member: null,
      promo_code: null,
    },
  };
  return { messageId, body: JSON.stringify(event) };
}

/** Standard Webhooks headers for a body, signed with the app's webhook secret. */
export function signDelivery(secret: string, messageId: string, body: string, now: Date): SignedDelivery {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    messageId,
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": messageId,
      "webhook-timestamp": timestamp,
      "webhook-signature": signPayload(secret, messageId, timestamp, body),
    },
  };
}

/** The account page's button: the signed-in user's simulated purchase or expiry, via the webhook path. */
export const purchaseSimulator: PurchaseSimulator = {
  simulate(ctx: AppContext, identity, type) {
    const now = ctx.now();
    const { messageId, body } = buildMembershipEvent(ctx.config, { type, whopUserId: identity.whopId, email: identity.email, now });
    const delivery = signDelivery(ctx.config.whop.webhookSecret, messageId, body, now);
    const request = new Request(`${ctx.config.appUrl}/api/webhooks/whop`, { method: "POST", headers: delivery.headers, body });
    return handleWhopWebhook(ctx, request);
  },
};
