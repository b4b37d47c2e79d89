// The upgrade: where to send a signed-in FREE user to buy PRO. Nothing here grants access: PRO
// arrives only through a verified webhook or reconciliation, never from the redirect back.

import { effectiveTier } from "../access/tiers";
import type { AppContext } from "../context";
import type { AppIdentity } from "../db/schema";
import { AppError } from "../errors";
import { log } from "../log";
import { createWhopClient, describeWhopFailure, type WhopClient } from "./whop";

export interface CheckoutLink {
  url: string;
  /**
   * checkout_configuration: a Whop checkout carrying our identity in its metadata (WHOP_API_KEY set);
   * plan_page: the plan's public checkout page; local_simulation: local mode's simulated purchase.
   */
  kind: "checkout_configuration" | "plan_page" | "local_simulation";
  planId: string;
}

export const planCheckoutPage = (planId: string) => `https://whop.com/checkout/${encodeURIComponent(planId)}`;

export async function getCheckoutUrl(
  ctx: AppContext,
  identity: Pick<AppIdentity, "id" | "whopId">,
  deps: { whop?: WhopClient | null } = {},
): Promise<CheckoutLink> {
  const tier = await effectiveTier(ctx.db, identity.id);
  if (tier.name !== "FREE") throw new AppError("conflict:checkout", `Your account already has ${tier.name}.`);
  const planId = ctx.config.whop.proPlanIds[0];
  if (!planId) throw new AppError("unavailable:checkout", "Upgrades are not available yet: no PRO plan is configured (WHOP_PRO_PLAN_IDS).");
  // Local mode without Whop billing: the account page's simulation stands in for checkout.
  if (ctx.purchases) return { url: `${ctx.config.appUrl}/account#simulate`, kind: "local_simulation", planId };

  const client = deps.whop !== undefined ? deps.whop : createWhopClient(ctx.config, { maxRetries: 1, timeoutMs: 10_000 });
  if (!client) return { url: planCheckoutPage(planId), kind: "plan_page", planId };
  try {
    const created = await client.checkoutConfigurations.create({
      plan_id: planId,
      // Copied by Whop onto the membership: lets support trace a purchase back to this identity.
      metadata: { identityId: identity.id, whopUserId: identity.whopId },
      redirect_url: `${ctx.config.appUrl}/account?checkout=returned`,
    });
    return { url: created.purchase_url || planCheckoutPage(planId), kind: "checkout_configuration", planId };
  } catch (error) {
    log.error("checkout configuration failed", { identityId: identity.id, reason: describeWhopFailure(error) });
    throw new AppError("upstream:checkout", "Whop checkout is not reachable right now. Please try again in a minute.");
  }
}
