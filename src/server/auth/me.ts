// What GET /api/me tells the signed-in user about themselves.
import type { AppContext } from "../context";
import type { AppIdentity } from "../db/schema";

export interface Me {
  id: string;
  email: string;
  name: string | null;
  whopId: string;
}

export async function describeMe(_ctx: AppContext, identity: AppIdentity): Promise<Me> {
  return { id: identity.id, email: identity.email, name: identity.name, whopId: identity.whopId };
}
