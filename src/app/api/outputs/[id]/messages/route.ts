import { requireSession } from "@/server/auth/current";
import { AppError } from "@/server/errors";
import { readJsonBody } from "@/server/generation/body";
import { loadThread } from "@/server/generation/conversation";
import { startFollowUp } from "@/server/generation/generate";
import { parseBody } from "@/server/generation/input";
import { json } from "@/server/http";
import { authedRoute, route } from "@/server/route";
import { FollowUpBody, OutputId, ThreadQuery } from "./schema";

export const dynamic = "force-dynamic";

type Params = { id: string };

const notFound = () => new AppError("not_found:output", "This output does not exist.");

export const GET = authedRoute<Params>("thread", async ({ request, ctx, identity, params }) => {
  if (!OutputId.safeParse(params.id).success) throw notFound();
  const query = ThreadQuery.safeParse({ cursor: new URL(request.url).searchParams.get("cursor") });
  if (!query.success) throw new AppError("bad_request:cursor", "This page link is not valid. Reload the thread.");
  return json(await loadThread(ctx.db, identity.id, params.id, query.data.cursor));
});

// Not behind the proxy's gate (src/proxy.ts), like generate: the session is verified first, then
// identity, tier and ownership in one round trip inside startFollowUp.
export const POST = route<Params>("follow-up", async ({ request, ctx, requestId, params }) => {
  const session = await requireSession(ctx, request);
  if (!OutputId.safeParse(params.id).success) throw notFound();
  const input = parseBody(FollowUpBody, await readJsonBody(request));
  return startFollowUp({ ctx, request, requestId, session }, params.id, input);
});
