// What the studio page shows: each blueprint with whether this identity may use it (and why not),
// the models that are configured, and today's usage. Read-only; the generate route re-checks all of it.
import { effectiveTier } from "../access/tiers";
import { listBlueprints } from "../catalog/blueprints";
import type { AppContext } from "../context";
import { type UsageView, usageToday } from "./usage";

export interface StudioBlueprint {
  slug: string;
  label: string;
  description: string;
  inputHint: string;
  isProOnly: boolean;
  /** Why this identity cannot use it, or null when it can. */
  lockedReason: string | null;
}

export interface StudioModel {
  id: string;
  label: string;
  isDemo: boolean;
}

export interface StudioData {
  blueprints: StudioBlueprint[];
  models: StudioModel[];
  usage: UsageView;
}

/** A tier may use its first `templateCap` blueprints by sort order; PRO-only ones need a paid tier. */
export function lockReason(
  blueprint: { isProOnly: boolean },
  position: number,
  tier: { name: string; templateCap: number },
): string | null {
  if (blueprint.isProOnly && tier.name === "FREE") return "PRO only: upgrade to use this blueprint.";
  if (position >= tier.templateCap) return `Your ${tier.name} plan includes ${tier.templateCap} blueprints.`;
  return null;
}

function configuredModels(ctx: AppContext): StudioModel[] {
  const { ai } = ctx.config;
  const models: StudioModel[] = [];
  if (ai.anthropic.apiKey) models.push({ id: "claude", label: `Claude (${ai.anthropic.model})`, isDemo: false });
  if (ai.openai.apiKey) models.push({ id: "gpt", label: `GPT (${ai.openai.model})`, isDemo: false });
  if (ai.openaiCompatible.baseUrl) models.push({ id: "local", label: `Local (${ai.openaiCompatible.model ?? "default"})`, isDemo: false });
  if (models.length === 0) models.push({ id: "demo", label: "Demo model — no API key configured", isDemo: true });
  return models;
}

export async function loadStudio(ctx: AppContext, userId: string): Promise<StudioData> {
  const [blueprints, tier, usage] = await Promise.all([
    listBlueprints(ctx.db),
    effectiveTier(ctx.db, userId),
    usageToday(ctx.db, userId, ctx.now()),
  ]);
  return {
    blueprints: blueprints.map((b, position) => ({
      slug: b.slug,
      label: b.label,
      description: b.description,
      inputHint: b.inputHint,
      isProOnly: b.isProOnly,
      lockedReason: lockReason(b, position, tier),
    })),
    models: configuredModels(ctx),
    usage,
  };
}

/** The longest brief the generate route accepts; the studio counts characters against it. */
export const MAX_INPUT_CHARS = 8000;
