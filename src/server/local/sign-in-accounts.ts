// The local sign-in provider's accounts: any well-formed email signs in as that person, and the
// same email always gets the same Whop-style user id (`user_` + a hash of it). Memory only.
import { createHash } from "node:crypto";

export function localSubject(email: string): string {
  return `user_${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 16)}`;
}

function displayName(email: string): string {
  const local = email.split("@")[0] ?? email;
  return local
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(" ");
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export class LocalAccounts {
  private readonly emails = new Map<string, string>(); // sub -> email

  /** `unverified`: emails reported with email_verified false (tests of what an unverified email may not do). */
  constructor(private readonly unverified: string[] = []) {}

  static isEmail(value: string): boolean {
    return EMAIL.test(value) && value.length <= 254;
  }

  /** Signs this email in: its subject, remembered for the claims. */
  remember(email: string): string {
    const sub = localSubject(email);
    this.emails.set(sub, email.toLowerCase());
    return sub;
  }

  emailOf(sub: string): string | undefined {
    return this.emails.get(sub);
  }

  /** The OpenID claims Whop would share for this subject (scopes openid profile email). */
  claims(sub: string, issuer: string) {
    const email = this.emails.get(sub);
    if (!email) return undefined;
    const username =
      email
        .split("@")[0]
        ?.toLowerCase()
        .replace(/[^a-z0-9_]/g, "_") ?? sub;
    return {
      sub,
      email,
      email_verified: !this.unverified.some((u) => u.toLowerCase() === email),
      name: displayName(email),
      preferred_username: username,
      picture: `${issuer}/avatar/${sub}.svg`,
    };
  }
}
