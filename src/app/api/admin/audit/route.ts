// GET /api/admin/audit?before=&identityId= → {entries: [{at, actor, action, target, reason, …}], next}:
// the admin audit log, newest first, 100 a page (`next` is the cursor of the following page). Admins only.
import { adminRoute } from "@/server/admin/access";
import { AUDIT_PAGE_SIZE, auditCursor, listAudit } from "@/server/admin/audit";
import { json } from "@/server/http";

export const dynamic = "force-dynamic";

export const GET = adminRoute("admin.audit", async ({ request, ctx }) => {
  const params = new URL(request.url).searchParams;
  const entries = await listAudit(ctx.db, {
    before: auditCursor.decode(params.get("before")),
    identityId: params.get("identityId") || undefined,
  });
  const last = entries.at(-1);
  return json({ entries, next: last && entries.length === AUDIT_PAGE_SIZE ? auditCursor.encode(last) : null });
});
