// Who may see and use the admin pages and their JSON: the identities named by ADMIN_EMAILS. The
// pages check it through requireAdmin (src/app/_lib/viewer.ts), the API through adminRoute below;
// both apply isAdmin. Everyone else, signed in or not, gets the same 404 as a missing page, so
// the admin surface is never confirmed to exist.
import { requireIdentity } from "../auth/current";
import type { AppConfig } from "../config";
import type { AppContext } from "../context";
import type { AppIdentity } from "../db/schema";
import { assertSameSite } from "../drafts/requests";
import { AppError, isAppError } from "../errors";
import { type AuthedRouteArgs, route } from "../route";

/** The one admin rule: the identity's email is in ADMIN_EMAILS (compared lower-case). */
export function isAdmin(config: AppConfig, identity: Pick<AppIdentity, "email">): boolean {
  return config.adminEmails.includes(identity.email.toLowerCase());
}

/** What a non-admin gets from any admin route: a 404 like a route that does not exist. */
export const notFoundForNonAdmins = () => new AppError("not_found:page", "This page could not be found.");

/**
 * A route handler for admins only: the session's identity must pass isAdmin, else 404. With
 * `changes: true` (POST, DELETE), the request must also come from the app's own origin (403) —
 * checked after the admin rule, so a stranger learns nothing from the difference.
 */
export function adminRoute<P = Record<string, never>>(
  name: string,
  options: { changes: boolean },
  handler: (args: Omit<AuthedRouteArgs<P>, "session">) => Promise<Response>,
) {
  return route<P>(name, async (args) => {
    const identity = await signedInIdentity(args.ctx, args.request);
    if (!identity || !isAdmin(args.ctx.config, identity)) throw notFoundForNonAdmins();
    if (options.changes) assertAdminSameOrigin(args.ctx.config, args.request);
    return handler({ ...args, identity });
  });
}

/** The session's identity, or null without a valid one (a database outage still answers 503). */
async function signedInIdentity(ctx: AppContext, request: Request): Promise<AppIdentity | null> {
  try {
    return (await requireIdentity(ctx, request)).identity;
  } catch (error) {
    if (isAppError(error) && error.kind === "unauthorized") return null;
    throw error;
  }
}

/** 403 `forbidden:cross_site` unless the request comes from the app's own pages. */
function assertAdminSameOrigin(config: AppConfig, request: Request): void {
  try {
    assertSameSite(config, request);
  } catch (error) {
    if (isAppError(error) && error.kind === "forbidden")
      throw new AppError("forbidden:cross_site", "Admin changes must come from AI SSA Studio itself.");
    throw error;
  }
}
