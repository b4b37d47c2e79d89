import { usageToday } from "@/server/access/quota";
import { describeMe } from "@/server/auth/me";
import { json } from "@/server/http";
import { authedRoute } from "@/server/route";

export const dynamic = "force-dynamic";

// Identity fields, the effective tier's name, and today's usage {tier, limit (null = unlimited), used, remaining, resetsAt}.
export const GET = authedRoute("me", async ({ ctx, identity }) => {
  const usage = await usageToday(ctx.db, identity.id, ctx.now());
  return json({ ...describeMe(identity), tier: usage.tier, usage });
});
