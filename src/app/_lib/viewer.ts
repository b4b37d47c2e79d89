// Who is looking at a page: the page-side twin of requireIdentity, the Next.js adapter over
// src/server/auth. Server components have no Request, so this reads the Cookie header through
// next/headers (two session cookies are refused, as on the APIs) and confirms the session in the
// database, once per request (React cache) however many components ask.
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { isAdmin } from "@/server/auth/admin";
import { readSessionCookie } from "@/server/auth/cookies";
import { findSignedInIdentity } from "@/server/auth/current";
import { type SessionData, sessionFromCookie } from "@/server/auth/session";
import { type AppContext, getAppContext } from "@/server/context";
import type { AppIdentity } from "@/server/db/schema";

export interface Viewer {
  ctx: AppContext;
  identity: AppIdentity | null;
  session: SessionData | null;
}

export const getViewer = cache(async (): Promise<Viewer> => {
  const ctx = await getAppContext();
  const cookie = readSessionCookie(ctx.config, (await headers()).get("cookie"));
  const session = await sessionFromCookie(ctx.config, cookie, ctx.now());
  if (!session) return { ctx, identity: null, session: null };
  const identity = (await findSignedInIdentity(ctx.db, session)) ?? null;
  return { ctx, identity, session: identity ? session : null };
});

/** The signed-in identity, or a redirect to /login that brings the person back to `returnTo`. */
export async function requireViewer(returnTo: string): Promise<{ ctx: AppContext; identity: AppIdentity; session: SessionData }> {
  const { ctx, identity, session } = await getViewer();
  if (!identity || !session) redirect(`/login?returnTo=${encodeURIComponent(returnTo)}`);
  return { ctx, identity, session };
}

/** Admin pages exist only for verified ADMIN_EMAILS; everyone else gets the same 404 as a missing page. */
export async function requireAdmin(): Promise<{ ctx: AppContext; identity: AppIdentity; session: SessionData }> {
  const viewer = await requireViewer("/admin");
  if (!isAdmin(viewer.ctx.config, viewer.identity, viewer.session)) notFound();
  return viewer;
}
