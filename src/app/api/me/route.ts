import { describeMe } from "@/server/auth/me";
import { json } from "@/server/http";
import { authedRoute } from "@/server/route";

export const dynamic = "force-dynamic";

export const GET = authedRoute("me", async ({ ctx, identity }) => json(await describeMe(ctx, identity)));
