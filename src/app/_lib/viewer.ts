// Who is looking at a page: the page-side twin of requireIdentity, the Next.js adapter over
// src/server/auth. Server components have no Request, so this reads the session cookie through
// next/headers and confirms it in the database, once per request (React cache) however many
// components ask.
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { SESSION_COOKIE } from "@/server/auth/cookies";
import { findIdentity } from "@/server/auth/identity";
import { unsealSession } from "@/server/auth/session";
import { type AppContext, getAppContext } from "@/server/context";
import type { AppIdentity } from "@/server/db/schema";

export interface Viewer {
  ctx: AppContext;
  identity: AppIdentity | null;
}

export const getViewer = cache(async (): Promise<Viewer> => {
  const ctx = await getAppContext();
  const sealed = (await cookies()).get(SESSION_COOKIE)?.value;
  const session = await unsealSession(ctx.config, sealed, ctx.now());
  if (!session) return { ctx, identity: null };
  const identity = await findIdentity(ctx.db, session.identityId);
  return { ctx, identity: identity && identity.whopId === session.whopId ? identity : null };
});

/** The signed-in identity, or a redirect to /login that brings the person back to `returnTo`. */
export async function requireViewer(returnTo: string): Promise<{ ctx: AppContext; identity: AppIdentity }> {
  const { ctx, identity } = await getViewer();
  if (!identity) redirect(`/login?returnTo=${encodeURIComponent(returnTo)}`);
  return { ctx, identity };
}

/** Admin pages exist only for ADMIN_EMAILS; everyone else gets the same 404 as a missing page. */
export async function requireAdmin(): Promise<{ ctx: AppContext; identity: AppIdentity }> {
  const { ctx, identity } = await requireViewer("/admin");
  if (!ctx.config.adminEmails.includes(identity.email.toLowerCase())) notFound();
  return { ctx, identity };
}
