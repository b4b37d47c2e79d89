import { blueprintsForUser } from "@/server/access/blueprint-access";
import { optionalIdentity } from "@/server/auth/current";
import { json } from "@/server/http";
import { route } from "@/server/route";

export const dynamic = "force-dynamic";

// Public: anonymous visitors see every blueprint with allowed=false and reason "sign_in".
export const GET = route("blueprints", async ({ request, ctx }) => {
  const identity = await optionalIdentity(ctx, request);
  return json({ blueprints: await blueprintsForUser(ctx.db, identity?.id ?? null) });
});
