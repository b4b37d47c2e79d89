// Who is asking: the sealed cookie names an identity and a session, the database confirms both
// (the identity exists with that Whop id, the session was not signed out, nor sealed before a
// "sign out everywhere"). Nothing about tier or access is taken from the cookie.
import { sql } from "drizzle-orm";
import type { AppContext } from "../context";
import { type Queryable, queryRows } from "../db/client";
import type { AppIdentity } from "../db/schema";
import { AppError } from "../errors";
import { readSessionCookie } from "./cookies";
import { type SessionData, sessionFromCookie } from "./session";

/** The session the request's cookie holds (no database), or 401. */
export async function requireSession(ctx: AppContext, request: Request): Promise<SessionData> {
  const session = await sessionFromCookie(ctx.config, readSessionCookie(ctx.config, request.headers.get("cookie")), ctx.now());
  if (!session) throw new AppError("unauthorized:session", "Please sign in to continue.");
  return session;
}

/**
 * SQL true when `identity` (an app_identity alias) is the one `session` names and the session is
 * still live on the server. Shared by the identity lookup below and the generation gate, so a
 * signed-out cookie costs no extra round trip anywhere.
 */
export function liveSessionOf(identity: ReturnType<typeof sql.raw>, session: SessionData) {
  return sql`${identity}.id = ${session.identityId} AND ${identity}.whop_id = ${session.whopId}
    AND (${identity}.sessions_valid_after IS NULL OR ${identity}.sessions_valid_after <= to_timestamp(${session.issuedAt}))
    AND NOT EXISTS (SELECT 1 FROM revoked_session r WHERE r.id = ${session.sessionId})`;
}

interface IdentityRow {
  id: string;
  whop_id: string;
  email: string;
  name: string | null;
  username: string | null;
  avatar_url: string | null;
  created_at: string | Date;
  updated_at: string | Date;
  last_sign_in_at: string | Date | null;
  sessions_valid_after: string | Date | null;
}

const dateOf = (value: string | Date | null) => (value === null ? null : new Date(value));

/** The identity a live session names, or undefined (deleted identity, signed out, or a stale Whop id). */
export async function findSignedInIdentity(db: Queryable, session: SessionData): Promise<AppIdentity | undefined> {
  const [row] = await queryRows<IdentityRow>(db, sql`SELECT * FROM app_identity i WHERE ${liveSessionOf(sql.raw("i"), session)}`);
  if (!row) return undefined;
  return {
    id: row.id,
    whopId: row.whop_id,
    email: row.email,
    name: row.name,
    username: row.username,
    avatarUrl: row.avatar_url,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    lastSignInAt: dateOf(row.last_sign_in_at),
    sessionsValidAfter: dateOf(row.sessions_valid_after),
  };
}

export async function requireIdentity(ctx: AppContext, request: Request): Promise<{ identity: AppIdentity; session: SessionData }> {
  const session = await requireSession(ctx, request);
  const identity = await findSignedInIdentity(ctx.db, session);
  if (!identity) throw new AppError("unauthorized:session", "Your session has ended. Please sign in again.");
  return { identity, session };
}

export async function optionalIdentity(ctx: AppContext, request: Request): Promise<AppIdentity | null> {
  try {
    return (await requireIdentity(ctx, request)).identity;
  } catch (error) {
    if (error instanceof AppError && error.kind === "unauthorized") return null;
    throw error;
  }
}
