// Identities: created or refreshed at sign-in (keyed by the Whop user id), and loaded for every
// authorised request from the session's identity id.
import { eq } from "drizzle-orm";
import { attachWaitingGrants } from "../billing/grants";
import type { Db } from "../db/client";
import { type AppIdentity, accessGrant, appIdentity, billingTier } from "../db/schema";
import { AppError } from "../errors";

export interface SignInClaims {
  whopId: string;
  email: string;
  name?: string | null;
  username?: string | null;
  avatarUrl?: string | null;
}

/**
 * Upserts the identity by Whop user id (email kept current), gives a first-time identity its FREE
 * grant, and attaches grants bought before the first sign-in. One transaction.
 */
export async function upsertIdentityAtSignIn(
  db: Db,
  claims: SignInClaims,
  now: Date,
): Promise<{ identity: AppIdentity; firstSignIn: boolean }> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: appIdentity.id }).from(appIdentity).where(eq(appIdentity.whopId, claims.whopId));
    const values = {
      whopId: claims.whopId,
      email: claims.email,
      name: claims.name ?? null,
      username: claims.username ?? null,
      avatarUrl: claims.avatarUrl ?? null,
      lastSignInAt: now,
      updatedAt: now,
    };
    const [identity] = await tx
      .insert(appIdentity)
      .values(values)
      .onConflictDoUpdate({ target: appIdentity.whopId, set: values })
      .returning();
    if (!identity) throw new AppError("internal:identity", "Could not save your account.");

    const [free] = await tx.select({ id: billingTier.id }).from(billingTier).where(eq(billingTier.name, "FREE"));
    if (!free) throw new AppError("unavailable:tiers", "Tiers are not set up yet. Run the seed.");
    await tx
      .insert(accessGrant)
      .values({ userId: identity.id, whopUserId: claims.whopId, tierId: free.id, status: "ACTIVE", source: "signup", activatedAt: now })
      .onConflictDoNothing();
    // Memberships bought before this user ever signed in wait under their Whop user id; one whose
    // webhook is being applied right now is attached by that webhook or here, never by neither.
    await attachWaitingGrants(tx, { whopUserId: claims.whopId, userId: identity.id }, now);
    return { identity, firstSignIn: !existing };
  });
}

export async function findIdentity(db: Db, id: string): Promise<AppIdentity | undefined> {
  const [identity] = await db.select().from(appIdentity).where(eq(appIdentity.id, id));
  return identity;
}
