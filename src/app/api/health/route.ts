import { getAppContext } from "@/server/context";
import { checkHealth } from "@/server/health";
import { json, toErrorResponse, withSecurityHeaders } from "@/server/http";
import { isStopping } from "@/server/lifecycle";

export const dynamic = "force-dynamic";

/** Not through route(): it must answer even when the app context cannot be built (no database). */
export async function GET(): Promise<Response> {
  let response: Response;
  try {
    response = json(await checkHealth(getAppContext, { stopping: isStopping() }));
  } catch (error) {
    response = toErrorResponse(error, { route: "health" });
  }
  withSecurityHeaders(response.headers);
  return response;
}
