// POST /api/admin/webhooks/{id}/replay {reason?} → 200 {outcome}: applies a stored event that was not
// applied again, through the webhook's own idempotent path, audited; 409 for one that was applied.
// Admins only (404), same-origin only (403), JSON only (415).
import { adminRoute } from "@/server/admin/access";
import { replayWebhookEvent } from "@/server/admin/webhook-events";
import { readJson } from "@/server/drafts/requests";
import { AppError } from "@/server/errors";
import { json } from "@/server/http";
import { ReplayBody } from "./schema";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const POST = adminRoute<Params>("admin.webhook_replay", async ({ request, ctx, identity, params }) => {
  const parsed = ReplayBody.safeParse(await readJson(request, { optional: true }));
  if (!parsed.success) throw new AppError("bad_request:replay", parsed.error.issues[0]?.message ?? "The body is not valid.");
  return json(await replayWebhookEvent(ctx, identity, { eventId: params.id, reason: parsed.data.reason }, ctx.now()));
});
