import { AppError } from "@/server/errors";
import { listHistory } from "@/server/generation/history";
import { json } from "@/server/http";
import { authedRoute } from "@/server/route";
import { HistoryQuery } from "./schema";

export const dynamic = "force-dynamic";

// ?q= narrows the list to drafts whose title, brief or text holds every word.
export const GET = authedRoute("history", async ({ request, ctx, identity }) => {
  const query = HistoryQuery.safeParse({ q: new URL(request.url).searchParams.get("q") });
  if (!query.success) throw new AppError("bad_request:search", query.error.issues[0]?.message ?? "The search is not valid.");
  return json({ outputs: await listHistory(ctx.db, identity.id, { query: query.data.q }) });
});
