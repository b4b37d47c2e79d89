// POST /api/webhooks/whop: Whop's signed membership and payment events.
import { handleWhopWebhook } from "@/server/billing/webhooks";
import { json } from "@/server/http";
import { route } from "@/server/route";

export const dynamic = "force-dynamic";

// Whop's servers post here: the Standard Webhooks signature, not the origin, proves who sent it.
export const POST = route(
  "webhooks.whop",
  async ({ request, ctx }) => {
    const result = await handleWhopWebhook(ctx, request);
    return json({ received: true, duplicate: result.duplicate, outcome: result.outcome });
  },
  { crossOrigin: "signed" },
);
