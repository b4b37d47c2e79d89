// Idempotent seed: the FREE and PRO tiers and the shipped blueprints. Rows that already exist are
// left alone, so an operator's edits (a tier's limit, a blueprint's wording) survive restarts.

import { BLUEPRINTS, TIERS } from "./blueprints";
import type { Db } from "./client";
import { billingTier, promptBlueprint } from "./schema";

export async function seedDatabase(db: Db): Promise<{ tiersAdded: number; blueprintsAdded: number }> {
  return db.transaction(async (tx) => {
    const tiers = await tx
      .insert(billingTier)
      .values(TIERS.map((t) => ({ ...t })))
      .onConflictDoNothing({ target: billingTier.name })
      .returning({ id: billingTier.id });
    const blueprints = await tx.insert(promptBlueprint).values(BLUEPRINTS).onConflictDoNothing().returning({ id: promptBlueprint.id });
    return { tiersAdded: tiers.length, blueprintsAdded: blueprints.length };
  });
}
