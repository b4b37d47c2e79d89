// Who is asking: the sealed cookie names an identity, the database confirms it still exists.
// Nothing about tier or access is taken from the cookie.
import type { AppContext } from "../context";
import type { AppIdentity } from "../db/schema";
import { AppError } from "../errors";
import { readSessionCookie } from "./cookies";
import { findIdentity } from "./identity";
import { type SessionData, unsealSession } from "./session";

/** The session the request's cookie holds (no database), or 401. */
export async function requireSession(ctx: AppContext, request: Request): Promise<SessionData> {
  const session = await unsealSession(ctx.config, readSessionCookie(request), ctx.now());
  if (!session) throw new AppError("unauthorized:session", "Please sign in to continue.");
  return session;
}

export async function requireIdentity(ctx: AppContext, request: Request): Promise<{ identity: AppIdentity; session: SessionData }> {
  const session = await requireSession(ctx, request);
  const identity = await findIdentity(ctx.db, session.identityId);
  if (!identity || identity.whopId !== session.whopId)
    throw new AppError("unauthorized:session", "Your session has ended. Please sign in again.");
  return { identity, session };
}

export async function optionalIdentity(ctx: AppContext, request: Request): Promise<AppIdentity | null> {
  try {
    return (await requireIdentity(ctx, request)).identity;
  } catch {
    return null;
  }
}
