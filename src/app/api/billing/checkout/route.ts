// POST /api/billing/checkout: where a signed-in FREE user buys PRO. A script gets {url, kind}; the
// upgrade button's plain form post is sent there (303). There is no GET: a link or an image on
// another site must not be able to create checkouts at Whop (and the route wrapper refuses
// cross-site posts).
import { getCheckoutUrl } from "@/server/billing/checkout";
import { json } from "@/server/http";
import { authedRoute } from "@/server/route";

export const dynamic = "force-dynamic";

export const POST = authedRoute("billing.checkout", async ({ request, ctx, identity }) => {
  const link = await getCheckoutUrl(ctx, identity);
  if ((request.headers.get("accept") ?? "").includes("text/html")) {
    return new Response(null, { status: 303, headers: { location: link.url, "cache-control": "no-store" } });
  }
  return json(link);
});
