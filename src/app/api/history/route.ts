import { listHistory } from "@/server/generation/history";
import { json } from "@/server/http";
import { authedRoute } from "@/server/route";

export const dynamic = "force-dynamic";

export const GET = authedRoute("history", async ({ ctx, identity }) => json({ outputs: await listHistory(ctx.db, identity.id) }));
