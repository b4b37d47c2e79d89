import { getAppContext } from "@/server/context";
import { checkHealth } from "@/server/health";
import { json, toErrorResponse } from "@/server/http";
import { isStopping } from "@/server/lifecycle";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return json(await checkHealth(getAppContext, { stopping: isStopping() }));
  } catch (error) {
    return toErrorResponse(error, { route: "health" });
  }
}
