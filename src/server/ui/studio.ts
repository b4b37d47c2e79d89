// What the studio page shows: each blueprint with whether this identity may use it (and why not, in
// words), the configured models, and today's usage. Read-only; the generate route re-checks it all.
import { blueprintsForUser, type LockReason } from "../access/blueprint-access";
import { type UsageView, usageToday } from "../access/quota";
import { effectiveTier } from "../access/tiers";
import type { AppContext } from "../context";
import { listModels, type ModelInfo } from "../generation/models";

export { MAX_INPUT_CHARS } from "../generation/input";

export interface StudioBlueprint {
  slug: string;
  label: string;
  description: string;
  inputHint: string;
  isProOnly: boolean;
  /** Why this identity cannot use it, or null when it can. */
  lockedReason: string | null;
}

export interface StudioData {
  blueprints: StudioBlueprint[];
  models: ModelInfo[];
  usage: UsageView;
}

export function lockText(reason: LockReason | null, tier: { name: string; templateCap: number }): string | null {
  if (reason === null) return null;
  if (reason === "pro_required") return "PRO only";
  if (reason === "over_cap") return `Your ${tier.name} plan includes ${tier.templateCap}`;
  return "Sign in to use this blueprint.";
}

export async function loadStudio(ctx: AppContext, userId: string): Promise<StudioData> {
  const [blueprints, tier, usage] = await Promise.all([
    blueprintsForUser(ctx.db, userId),
    effectiveTier(ctx.db, userId),
    usageToday(ctx.db, userId, ctx.now()),
  ]);
  return {
    blueprints: blueprints.map((b) => ({
      slug: b.slug,
      label: b.label,
      description: b.description,
      inputHint: b.inputHint,
      isProOnly: b.isProOnly,
      lockedReason: lockText(b.reason, tier),
    })),
    models: listModels(ctx.models),
    usage,
  };
}
