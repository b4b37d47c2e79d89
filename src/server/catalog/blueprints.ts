// Read access to blueprints and tiers for pages that show them (landing, pricing, studio).
import { asc } from "drizzle-orm";
import type { Queryable } from "../db/client";
import { billingTier, promptBlueprint } from "../db/schema";

export interface BlueprintSummary {
  slug: string;
  label: string;
  description: string;
  inputHint: string;
  isProOnly: boolean;
  sortOrder: number;
}

export async function listBlueprints(db: Queryable): Promise<BlueprintSummary[]> {
  return db
    .select({
      slug: promptBlueprint.slug,
      label: promptBlueprint.label,
      description: promptBlueprint.description,
      inputHint: promptBlueprint.inputHint,
      isProOnly: promptBlueprint.isProOnly,
      sortOrder: promptBlueprint.sortOrder,
    })
    .from(promptBlueprint)
    .orderBy(asc(promptBlueprint.sortOrder));
}

export async function listTiers(db: Queryable) {
  return db
    .select({ name: billingTier.name, dailyLimit: billingTier.dailyLimit, templateCap: billingTier.templateCap })
    .from(billingTier)
    .orderBy(asc(billingTier.rank));
}
