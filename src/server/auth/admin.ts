// Who may open /admin: an identity whose email is in ADMIN_EMAILS AND which the identity provider
// said is verified at sign-in (the sealed session carries that). Emails are compared after
// trimming and lower-casing ASCII letters only: Unicode case folding would let the Kelvin sign
// (U+212A) stand in for a `k`.
import type { AppConfig } from "../config";
import type { AppIdentity } from "../db/schema";
import type { SessionData } from "./session";

export function asciiLowerEmail(email: string): string {
  return email.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function isAdmin(config: AppConfig, identity: Pick<AppIdentity, "email">, session: Pick<SessionData, "emailVerified">): boolean {
  return session.emailVerified === true && config.adminEmails.includes(asciiLowerEmail(identity.email));
}
