// The upgrade link: POST answers {url, kind} for scripts and buttons; GET redirects (303) to it.
import { getCheckoutUrl } from "@/server/billing/checkout";
import { json } from "@/server/http";
import { authedRoute } from "@/server/route";

export const dynamic = "force-dynamic";

export const POST = authedRoute("billing.checkout", async ({ ctx, identity }) => json(await getCheckoutUrl(ctx, identity)));

export const GET = authedRoute("billing.checkout", async ({ ctx, identity }) => {
  const link = await getCheckoutUrl(ctx, identity);
  return new Response(null, { status: 303, headers: { location: link.url, "cache-control": "no-store" } });
});
