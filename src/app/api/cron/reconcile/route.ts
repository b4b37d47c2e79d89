// GET|POST /api/cron/reconcile: the daily reconciliation (vercel.json), for the CRON_SECRET holder.
import { authorizeCron } from "@/server/billing/cron";
import { reconcileAll } from "@/server/billing/reconcile";
import { json } from "@/server/http";
import { route } from "@/server/route";

export const dynamic = "force-dynamic";
// Listing every page of memberships can take a while on a large company.
export const maxDuration = 300;

// The scheduler calls from its own servers: the bearer CRON_SECRET, not the origin, proves who it is.
const handler = route(
  "cron.reconcile",
  async ({ request, ctx }) => {
    authorizeCron(ctx.config, request);
    const report = await reconcileAll(ctx, "cron");
    // A failed run answers 502 so the scheduler's log shows it; the body says why.
    return json(report, { status: report.status === "failed" ? 502 : 200 });
  },
  { crossOrigin: "bearer" },
);

export const GET = handler;
export const POST = handler;
