// Who may use the admin JSON: the same rule as the admin pages (auth/admin.ts's isAdmin: an email in
// ADMIN_EMAILS that the identity provider verified), applied by adminRoute to every admin route.
// Everyone else, signed in or not, gets the same 404 as a route that does not exist, so the admin
// surface is never confirmed. route.ts has already refused a state-changing request from another
// site (403) by then, as on every route; handlers read bodies with readJson (415 unless JSON).
import { isAdmin } from "../auth/admin";
import { requireIdentity } from "../auth/current";
import type { SessionData } from "../auth/session";
import type { AppContext } from "../context";
import type { AppIdentity } from "../db/schema";
import { AppError, isAppError } from "../errors";
import { type AuthedRouteArgs, route } from "../route";

/** What a non-admin gets from any admin route: a 404 like a route that does not exist. */
export const notFoundForNonAdmins = () => new AppError("not_found:page", "This page could not be found.");

/** A route handler for admins only; anyone else gets notFoundForNonAdmins(). */
export function adminRoute<P = Record<string, never>>(name: string, handler: (args: AuthedRouteArgs<P>) => Promise<Response>) {
  return route<P>(name, async (args) => {
    const signedIn = await signedInOf(args.ctx, args.request);
    if (!signedIn || !isAdmin(args.ctx.config, signedIn.identity, signedIn.session)) throw notFoundForNonAdmins();
    return handler({ ...args, ...signedIn });
  });
}

/** The session and its identity, or null without a valid one (a database outage still answers 503). */
async function signedInOf(ctx: AppContext, request: Request): Promise<{ identity: AppIdentity; session: SessionData } | null> {
  try {
    return await requireIdentity(ctx, request);
  } catch (error) {
    if (isAppError(error) && error.kind === "unauthorized") return null;
    throw error;
  }
}
