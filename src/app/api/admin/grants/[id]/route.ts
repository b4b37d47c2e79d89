// DELETE /api/admin/grants/{id} {reason} → 200 {grant: {id, status: "CANCELLED"}}: ends a comp grant,
// audited. Whop memberships are not revoked here (409). Admins only, same-origin only, JSON only.
import { adminRoute } from "@/server/admin/access";
import { revokeComp } from "@/server/admin/comp-grants";
import { readJson } from "@/server/drafts/requests";
import { AppError } from "@/server/errors";
import { json } from "@/server/http";
import { RevokeBody } from "../schema";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const DELETE = adminRoute<Params>("admin.revoke", async ({ request, ctx, identity, params }) => {
  const parsed = RevokeBody.safeParse(await readJson(request));
  if (!parsed.success) throw new AppError("bad_request:revoke", parsed.error.issues[0]?.message ?? "Give a reason.");
  const revoked = await revokeComp(ctx.db, identity, { grantId: params.id, reason: parsed.data.reason }, ctx.now());
  return json({ grant: { id: revoked.id, status: "CANCELLED" } });
});
