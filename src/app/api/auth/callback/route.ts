import { finishSignIn, redirectResponse } from "@/server/auth/oauth";
import { route } from "@/server/route";

export const dynamic = "force-dynamic";

export const GET = route("auth.callback", async ({ request, ctx }) => redirectResponse(await finishSignIn(ctx, request)));
