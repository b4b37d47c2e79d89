// Helpers for the admin tests: an identity with a chosen email (an admin is named by ADMIN_EMAILS)
// and its session cookie, and requests to the admin routes as the app's own pages send them.
import { randomUUID } from "node:crypto";
import { SESSION_COOKIE } from "@/server/auth/cookies";
import { upsertIdentityAtSignIn } from "@/server/auth/identity";
import { sealSession } from "@/server/auth/session";
import type { AppConfig } from "@/server/config";
import type { Db } from "@/server/db/client";
import { BASE, type SignedIn } from "./generation";

export const ADMIN_EMAIL = "founder@example.com";

/** An identity with this email (a fresh Whop id) and a session cookie sealed at `now`; the provider verified the email unless told otherwise. */
export async function signInAs(db: Db, config: AppConfig, email: string, now = new Date(), emailVerified = true): Promise<SignedIn> {
  const whopId = `user_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const { identity } = await upsertIdentityAtSignIn(db, { whopId, email }, now);
  const sealed = await sealSession(config, { identityId: identity.id, whopId, email, emailVerified }, now);
  return { identity, cookie: `${SESSION_COOKIE}=${encodeURIComponent(sealed)}` };
}

/** A request as the admin pages make it: same origin, JSON body when given. */
export function adminRequest(
  path: string,
  options: { method?: string; cookie?: string; body?: unknown; origin?: string | null; contentType?: string } = {},
): Request {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  const origin = options.origin === undefined ? BASE : options.origin;
  if (origin !== null && options.method && options.method !== "GET") headers.origin = origin;
  if (options.body !== undefined) headers["content-type"] = options.contentType ?? "application/json";
  return new Request(`${BASE}${path}`, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
}
