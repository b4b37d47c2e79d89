import { assertSameOriginRequest, signedOutResponse } from "@/server/auth/logout";
import { route } from "@/server/route";

export const dynamic = "force-dynamic";

export const POST = route("auth.logout", async ({ request, ctx }) => {
  assertSameOriginRequest(ctx.config, request);
  return signedOutResponse(ctx.config, request);
});
