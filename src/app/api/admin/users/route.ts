// GET /api/admin/users?q= → {users: [{id, email, whopUserId, tier, createdAt, lastSignInAt, usageToday, usage30d}]}:
// members whose email contains q or whose Whop user id is q (the newest 50 without q). Admins only.
import { adminRoute } from "@/server/admin/access";
import { searchMembers } from "@/server/admin/members";
import { json } from "@/server/http";
import { searchParam } from "./schema";

export const dynamic = "force-dynamic";

export const GET = adminRoute("admin.users", async ({ request, ctx }) => {
  const users = await searchMembers(ctx.db, { q: searchParam(request.url), now: ctx.now() });
  return json({ users });
});
