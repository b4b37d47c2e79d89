// POST /api/outputs/{id}/share → {url}: a read-only public link (the same one while it stays shared);
// DELETE revokes it (204) and the link is a 404 from then on. Owner only; same-origin only (src/server/route.ts).
import { readJson } from "@/server/drafts/requests";
import { shareDraft, unshareDraft } from "@/server/drafts/share";
import { AppError } from "@/server/errors";
import { json } from "@/server/http";
import { authedRoute } from "@/server/route";
import { ShareBody } from "./schema";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const POST = authedRoute<Params>("draft.share", async ({ request, ctx, identity, params }) => {
  if (!ShareBody.safeParse(await readJson(request, { optional: true })).success) {
    throw new AppError("bad_request:share", "Send an empty JSON object.");
  }
  return json(await shareDraft(ctx.db, identity.id, params.id, ctx.config.appUrl, ctx.now()));
});

export const DELETE = authedRoute<Params>("draft.unshare", async ({ ctx, identity, params }) => {
  await unshareDraft(ctx.db, identity.id, params.id);
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
});
