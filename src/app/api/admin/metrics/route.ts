// GET /api/admin/metrics?days=N → usage, estimated cost, sign-ups and PRO members per UTC day
// (src/server/admin/metrics.ts has the shape). Admins only: 404 for everyone else.
import { adminRoute } from "@/server/admin/access";
import { usageMetrics } from "@/server/admin/metrics";
import { json } from "@/server/http";
import { daysParam } from "./schema";

export const dynamic = "force-dynamic";

export const GET = adminRoute("admin.metrics", async ({ request, ctx }) => {
  return json(await usageMetrics(ctx.db, ctx.config, { days: daysParam(request.url), now: ctx.now() }));
});
