import { readJsonBody } from "@/server/generation/body";
import { startGeneration } from "@/server/generation/generate";
import { parseBody } from "@/server/generation/input";
import { route } from "@/server/route";
import { GenerateBody } from "./schema";

export const dynamic = "force-dynamic";

// The session is checked inside startGeneration together with identity, tier and blueprint in one
// database round trip, so this uses route() rather than authedRoute().
export const POST = route("generate", async ({ request, ctx, requestId }) => {
  const input = parseBody(GenerateBody, await readJsonBody(request));
  return startGeneration({ ctx, request, requestId }, input);
});
