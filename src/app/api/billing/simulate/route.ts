// POST /api/billing/simulate (local mode, while Whop billing is not configured): the account page's
// "simulate a purchase" button.
// The event is signed and applied through the real webhook handler; 404 when deployed.
import { requireIdentity } from "@/server/auth/current";
import { AppError } from "@/server/errors";
import { json } from "@/server/http";
import { route } from "@/server/route";
import { SimulateBody } from "./schema";

export const dynamic = "force-dynamic";

async function readBody(request: Request): Promise<unknown> {
  try {
    if (isJson(request)) return await request.json();
    return Object.fromEntries((await request.formData()).entries());
  } catch {
    return undefined;
  }
}

const isJson = (request: Request) => (request.headers.get("content-type") ?? "").includes("application/json");

export const POST = route("billing.simulate", async ({ request, ctx }) => {
  // Checked before the session, so a deployed app does not even reveal that the route exists.
  if (!ctx.purchases) throw new AppError("not_found:simulate", "Not found.");
  const { identity } = await requireIdentity(ctx, request);
  const parsed = SimulateBody.safeParse(await readBody(request));
  if (!parsed.success) throw new AppError("bad_request:simulate", 'Send {"event": "membership.activated"} or "membership.deactivated".');
  const result = await ctx.purchases.simulate(ctx, identity, parsed.data.event);
  // A plain form post goes back to the account page; fetch callers get JSON.
  if (!isJson(request)) return new Response(null, { status: 303, headers: { location: "/account?simulated=1" } });
  return json({ simulated: parsed.data.event, outcome: result.outcome });
});
