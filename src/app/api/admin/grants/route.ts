// POST /api/admin/grants {identityId, days, reason} → 201 {grant: {id, tier: "PRO", expiresAt}}: PRO for
// N days (a comp), audited, effective on the member's next request. Admins only (404), same-origin
// only (403), JSON only (415).
import { adminRoute } from "@/server/admin/access";
import { grantComp } from "@/server/admin/comp-grants";
import { readJson } from "@/server/drafts/requests";
import { AppError } from "@/server/errors";
import { json } from "@/server/http";
import { GrantBody } from "./schema";

export const dynamic = "force-dynamic";

export const POST = adminRoute("admin.grant", async ({ request, ctx, identity }) => {
  const parsed = GrantBody.safeParse(await readJson(request));
  if (!parsed.success) throw new AppError("bad_request:grant", parsed.error.issues[0]?.message ?? "The grant is not valid.");
  const grant = await grantComp(ctx.db, identity, parsed.data, ctx.now());
  return json({ grant }, { status: 201 });
});
