import { requireSession } from "@/server/auth/current";
import { readJsonBody } from "@/server/generation/body";
import { startGeneration } from "@/server/generation/generate";
import { parseBody } from "@/server/generation/input";
import { route } from "@/server/route";
import { GenerateBody } from "./schema";

export const dynamic = "force-dynamic";

// Not behind the proxy's gate (src/proxy.ts): the session is verified here, before the body is
// read; identity, tier and blueprint follow in one database round trip inside startGeneration.
export const POST = route("generate", async ({ request, ctx, requestId }) => {
  const session = await requireSession(ctx, request);
  const input = parseBody(GenerateBody, await readJsonBody(request));
  return startGeneration({ ctx, request, requestId, session }, input);
});
