// Sealing the session (iron-session 8): the sealed value holds only who the user is, never what
// they may do. SESSION_SECRETS rotates keys: the highest id seals, every listed id unseals. The
// cookie that carries it is cookies.ts's.
import { createHash, randomUUID } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import type { AppConfig } from "../config";
import type { CookieRead } from "./cookies";

export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface SessionData {
  /** This session's own id: signing out revokes it on the server (revoked_session). */
  sessionId: string;
  identityId: string;
  whopId: string;
  email: string;
  /** The identity provider said the email is verified (only then can it make an admin). */
  emailVerified: boolean;
  /** Unix seconds when the session was sealed; a session older than the TTL is refused. */
  issuedAt: number;
}

/** The key set iron-session seals with (the highest id) and unseals with (every id): SESSION_SECRETS. */
export function passwords(config: AppConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(config.sessionSecrets).map(([id, secret]) => [String(id), secret]));
}

export async function sealSession(
  config: AppConfig,
  data: Omit<SessionData, "issuedAt" | "sessionId" | "emailVerified"> & { emailVerified?: boolean },
  now: Date,
): Promise<string> {
  const session: SessionData = {
    ...data,
    sessionId: randomUUID(),
    emailVerified: data.emailVerified === true,
    issuedAt: Math.floor(now.getTime() / 1000),
  };
  return sealData(session, { password: passwords(config), ttl: SESSION_TTL_SECONDS });
}

/**
 * Seals already verified in this process (both the proxy and the handler check the cookie of every
 * API request; a user sends the same cookie many times). Keyed by a SHA-256 of the key set and the
 * whole sealed value, so a hit means exactly this value unsealed under exactly these keys before;
 * only valid seals are kept (a stranger's garbage never fills it), and the lifetime is checked on
 * every use. Shared through globalThis because the proxy and the routes are separate bundles.
 */
const VERIFIED_MAX = 10_000;
const verifiedOfProcess = globalThis as { __aiSsaVerifiedSeals?: Map<string, SessionData> };
verifiedOfProcess.__aiSsaVerifiedSeals ??= new Map();
const verified = verifiedOfProcess.__aiSsaVerifiedSeals;

function verifiedKey(config: AppConfig, sealed: string): string {
  return createHash("sha256").update(JSON.stringify(config.sessionSecrets)).update("\0").update(sealed).digest("base64");
}

async function unsealVerified(config: AppConfig, sealed: string): Promise<SessionData | null> {
  const key = verifiedKey(config, sealed);
  const known = verified.get(key);
  if (known) return known;
  let data: Partial<SessionData>;
  try {
    data = await unsealData<Partial<SessionData>>(sealed, { password: passwords(config), ttl: SESSION_TTL_SECONDS });
  } catch {
    return null;
  }
  if (typeof data.identityId !== "string" || typeof data.whopId !== "string" || typeof data.email !== "string") return null;
  if (typeof data.issuedAt !== "number" || typeof data.sessionId !== "string" || typeof data.emailVerified !== "boolean") return null;
  const session = data as SessionData;
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value as string);
  verified.set(key, session);
  return session;
}

/** The session in a sealed value, or null when it is missing, tampered, foreign, expired or malformed. */
export async function unsealSession(config: AppConfig, sealed: string | undefined, now: Date): Promise<SessionData | null> {
  if (!sealed) return null;
  const data = await unsealVerified(config, sealed);
  if (!data) return null;
  const age = now.getTime() / 1000 - data.issuedAt;
  if (age < -60 || age > SESSION_TTL_SECONDS) return null;
  return { ...data };
}

/** The session a request's session cookie holds; none when it is absent, duplicated (cookie tossing) or invalid. */
export function sessionFromCookie(config: AppConfig, cookie: CookieRead, now: Date): Promise<SessionData | null> {
  return cookie.kind === "one" ? unsealSession(config, cookie.value, now) : Promise.resolve(null);
}
