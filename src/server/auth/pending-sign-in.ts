// The sign-in in progress: state, nonce, PKCE verifier and where to return, sealed into a cookie
// that lives 10 minutes on /api/auth only. Nothing is stored on the server; only state, nonce and
// the code challenge ever travel in a URL.
import { sealData, unsealData } from "iron-session";
import type { AppConfig } from "../config";
import { cookieName, PENDING_COOKIE, readCookie, serializeCookie } from "./cookies";
import { passwords } from "./session";

export const PENDING_TTL_SECONDS = 10 * 60;
const PENDING_PATH = "/api/auth";

export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Unix seconds when the sign-in started. */
  startedAt: number;
}

export async function sealPendingSignIn(config: AppConfig, pending: PendingSignIn): Promise<string> {
  return sealData(pending, { password: passwords(config), ttl: PENDING_TTL_SECONDS });
}

/** The pending sign-in, or null when the cookie is missing, tampered, foreign, older than 10 minutes or malformed. */
export async function unsealPendingSignIn(config: AppConfig, sealed: string | undefined, now: Date): Promise<PendingSignIn | null> {
  if (!sealed) return null;
  let data: Partial<PendingSignIn>;
  try {
    data = await unsealData<Partial<PendingSignIn>>(sealed, { password: passwords(config), ttl: PENDING_TTL_SECONDS });
  } catch {
    return null;
  }
  const fields = [data.state, data.nonce, data.codeVerifier, data.returnTo];
  if (!fields.every((f) => typeof f === "string" && f.length > 0) || typeof data.startedAt !== "number") return null;
  const age = now.getTime() / 1000 - data.startedAt;
  if (age < -60 || age > PENDING_TTL_SECONDS) return null;
  return data as PendingSignIn;
}

/** The pending sign-in cookie's value; none when absent or duplicated (a tossed cookie never wins). */
export function readPendingCookie(config: AppConfig, request: Request): string | undefined {
  const read = readCookie(request.headers.get("cookie"), cookieName(config, PENDING_COOKIE));
  return read.kind === "one" ? read.value : undefined;
}

export function pendingCookieHeader(config: AppConfig, sealed: string): string {
  return serializeCookie(config, PENDING_COOKIE, sealed, { maxAge: PENDING_TTL_SECONDS, path: PENDING_PATH });
}

export function clearPendingCookieHeader(config: AppConfig): string {
  return serializeCookie(config, PENDING_COOKIE, "", { maxAge: 0, path: PENDING_PATH });
}
