// Sign-out ends the session on the server, not only in this browser: the session's id is revoked
// (revoked_session), so a copied cookie stops working at once; "Sign out everywhere" moves the
// identity's sessions_valid_after past every session sealed so far. The checks ride in the queries
// that already load the identity (current.ts liveSessionOf), so no request pays an extra round trip.
// The route wrapper refuses cross-site sign-outs (logout CSRF).
import { sql } from "drizzle-orm";
import type { AppConfig } from "../config";
import type { AppContext } from "../context";
import { queryRows } from "../db/client";
import { json } from "../http";
import { log } from "../log";
import { assertSameOrigin } from "../request-guards";
import { clearSessionCookieHeader, readSessionCookie } from "./cookies";
import { SESSION_TTL_SECONDS, sessionFromCookie } from "./session";

/** @deprecated the route wrapper checks every state-changing request (request-guards.ts). */
export const assertSameOriginRequest = assertSameOrigin;

export type SignOutScope = "this" | "everywhere";

/** Ends the request's session on the server (and with `everywhere`, every session of its identity). */
export async function signOut(ctx: AppContext, request: Request, scope: SignOutScope): Promise<void> {
  const session = await sessionFromCookie(ctx.config, readSessionCookie(ctx.config, request.headers.get("cookie")), ctx.now());
  if (!session) return; // nothing live to end; the cookie is cleared all the same
  const expiresAt = new Date((session.issuedAt + SESSION_TTL_SECONDS) * 1000).toISOString();
  const now = ctx.now().toISOString();
  // Everywhere: from the next whole second on, so every session sealed up to now (its issuedAt is
  // in whole seconds) is refused.
  const everywhere =
    scope === "everywhere"
      ? sql`UPDATE app_identity SET sessions_valid_after = date_trunc('second', ${now}::timestamptz) + interval '1 second', updated_at = ${now}::timestamptz
          WHERE id = ${session.identityId} RETURNING 1`
      : sql`SELECT 1 WHERE false`;
  await queryRows(
    ctx.db,
    sql`WITH revoked AS (
        INSERT INTO revoked_session (id, identity_id, expires_at)
        SELECT ${session.sessionId}, id, ${expiresAt}::timestamptz FROM app_identity WHERE id = ${session.identityId}
        ON CONFLICT (id) DO NOTHING RETURNING 1),
      moved AS (${everywhere})
      SELECT (SELECT count(*) FROM revoked)::int AS revoked, (SELECT count(*) FROM moved)::int AS moved`,
  );
  log.info("signed out", { identityId: session.identityId, scope });
}

/** The signed-out answer: back to the home page for a form post, JSON for a script. */
export function signedOutResponse(config: AppConfig, request: Request): Response {
  const clear = clearSessionCookieHeader(config);
  if ((request.headers.get("accept") ?? "").includes("text/html")) {
    return new Response(null, {
      status: 303,
      headers: { location: `${config.appUrl}/`, "set-cookie": clear, "cache-control": "no-store" },
    });
  }
  return json({ signedOut: true }, { headers: { "set-cookie": clear } });
}
