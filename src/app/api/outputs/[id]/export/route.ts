// GET /api/outputs/{id}/export?format=md|docx&scope=latest|thread: the draft as a download named
// after its title. Owner only (404 otherwise). Reads only.
import { contentDisposition, exportDraft } from "@/server/drafts/export";
import { AppError } from "@/server/errors";
import { authedRoute } from "@/server/route";
import { ExportQuery } from "./schema";

export const dynamic = "force-dynamic";

export const GET = authedRoute<{ id: string }>("draft.export", async ({ request, ctx, identity, params }) => {
  const search = new URL(request.url).searchParams;
  const query = ExportQuery.safeParse({ format: search.get("format") ?? undefined, scope: search.get("scope") ?? undefined });
  if (!query.success) throw new AppError("bad_request:export", query.error.issues[0]?.message ?? "Choose a format.");
  const file = await exportDraft(ctx.db, identity.id, params.id, query.data);
  return new Response(file.body as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": contentDisposition(file),
      "content-length": String(file.body.byteLength),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
