// PATCH /api/outputs/{id} renames a draft ({title} → {id, title}); DELETE removes it (204).
// Owner only (404 otherwise), same-origin only (403, src/server/route.ts), JSON only (415).
import { deleteDraft, renameDraft } from "@/server/drafts/manage";
import { readJson } from "@/server/drafts/requests";
import { AppError } from "@/server/errors";
import { json } from "@/server/http";
import { authedRoute } from "@/server/route";
import { RenameBody } from "./schema";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const PATCH = authedRoute<Params>("draft.rename", async ({ request, ctx, identity, params }) => {
  const parsed = RenameBody.safeParse(await readJson(request));
  if (!parsed.success) throw new AppError("bad_request:title", parsed.error.issues[0]?.message ?? "The title is not valid.");
  return json(await renameDraft(ctx.db, identity.id, params.id, parsed.data.title, ctx.now()));
});

export const DELETE = authedRoute<Params>("draft.delete", async ({ ctx, identity, params }) => {
  await deleteDraft(ctx.db, identity.id, params.id, ctx.now());
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
});
