// What GET /api/me tells the signed-in user about themselves.
import type { AppIdentity } from "../db/schema";

export interface Me {
  id: string;
  email: string;
  name: string | null;
  whopId: string;
}

export function describeMe(identity: AppIdentity): Me {
  return { id: identity.id, email: identity.email, name: identity.name, whopId: identity.whopId };
}
