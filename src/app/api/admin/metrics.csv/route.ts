// GET /api/admin/metrics.csv?days=N → the same daily figures as /api/admin/metrics, as CSV:
// day,generations,failed,input_tokens,output_tokens,cost_usd,signups. Admins only.
import { adminRoute } from "@/server/admin/access";
import { metricsCsv, usageMetrics } from "@/server/admin/metrics";
import { daysParam } from "../metrics/schema";

export const dynamic = "force-dynamic";

export const GET = adminRoute("admin.metrics_csv", async ({ request, ctx }) => {
  const metrics = await usageMetrics(ctx.db, ctx.config, { days: daysParam(request.url), now: ctx.now() });
  return new Response(metricsCsv(metrics), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="usage-${metrics.range.from}-to-${metrics.range.to}.csv"`,
      "cache-control": "no-store",
    },
  });
});
