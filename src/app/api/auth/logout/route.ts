// POST /api/auth/logout[?scope=everywhere]: ends this session (or every session of the identity) on
// the server and clears the cookie. Same-origin only (the route wrapper).
import { signedOutResponse, signOut } from "@/server/auth/logout";
import { route } from "@/server/route";

export const dynamic = "force-dynamic";

export const POST = route("auth.logout", async ({ request, ctx }) => {
  const everywhere = new URL(request.url).searchParams.get("scope") === "everywhere";
  await signOut(ctx, request, everywhere ? "everywhere" : "this");
  return signedOutResponse(ctx.config, request);
});
