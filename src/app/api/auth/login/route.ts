import { redirectResponse, startSignIn } from "@/server/auth/oauth";
import { route } from "@/server/route";

export const dynamic = "force-dynamic";

export const GET = route("auth.login", async ({ request, ctx }) =>
  redirectResponse(await startSignIn(ctx, new URL(request.url).searchParams.get("returnTo"))),
);
