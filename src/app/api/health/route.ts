import { getAppContext } from "@/server/context";
import { checkHealth } from "@/server/health";
import { json, toErrorResponse } from "@/server/http";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const { database, config } = await getAppContext();
    return json(await checkHealth(database, config.database.url));
  } catch (error) {
    return toErrorResponse(error, { route: "health" });
  }
}
