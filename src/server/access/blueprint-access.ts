// Who may use which blueprint. A tier may use its first `templateCap` blueprints by sort order,
// and PRO-only blueprints need a paid tier. The generation gate loads identity, effective tier and
// blueprint in ONE round trip; its tier rule is the same as effectiveTier() (tests hold them equal).
import { type SQL, sql } from "drizzle-orm";
import { liveSessionOf } from "../auth/current";
import type { SessionData } from "../auth/session";
import { type BlueprintSummary, listBlueprints } from "../catalog/blueprints";
import { type Queryable, queryRows } from "../db/client";
import { AppError } from "../errors";
import { effectiveTier, grantInForce } from "./tiers";

export type LockReason = "pro_required" | "over_cap" | "sign_in";

export interface TierRules {
  name: string;
  dailyLimit: number;
  templateCap: number;
}

/** Why this tier may not use a blueprint at this 1-based position by sort order, or null. */
export function blueprintLock(
  blueprint: { isProOnly: boolean },
  position: number,
  tier: Pick<TierRules, "name" | "templateCap">,
): Exclude<LockReason, "sign_in"> | null {
  if (blueprint.isProOnly && tier.name === "FREE") return "pro_required";
  if (position > tier.templateCap) return "over_cap";
  return null;
}

export function blueprintRefused(reason: Exclude<LockReason, "sign_in">, tier: Pick<TierRules, "name" | "templateCap">): AppError {
  return reason === "pro_required"
    ? new AppError("forbidden:pro_required", "This blueprint is part of PRO. Upgrade to use it.")
    : new AppError(
        "forbidden:over_cap",
        `Your ${tier.name} plan includes the first ${tier.templateCap} blueprints. Upgrade to use this one.`,
      );
}

export interface GateBlueprint {
  id: string;
  slug: string;
  label: string;
  instructions: string;
  isProOnly: boolean;
  position: number;
}

export interface GenerationGate {
  identity: { id: string; whopId: string; email: string };
  tier: TierRules;
  blueprint?: GateBlueprint;
  /** Follow-ups only: the output, when it exists and belongs to this identity. */
  output?: { id: string; prompt: string; model: string };
}

/** Joins the identity `i` to its effective tier `t`: the best grant in force's tier, else FREE (effectiveTier()'s rule). */
const EFFECTIVE_TIER_JOIN = sql`LEFT JOIN LATERAL (
    SELECT c.name, c.daily_limit, c.template_cap FROM (
      SELECT bt.name, bt.daily_limit, bt.template_cap, 0 AS fallback, bt.rank, g.activated_at
        FROM access_grant g JOIN billing_tier bt ON bt.id = g.tier_id
        WHERE g.user_id = i.id AND ${grantInForce({ status: sql`g.status`, expiresAt: sql`g.expires_at` })}
      UNION ALL
      SELECT bt.name, bt.daily_limit, bt.template_cap, 1, bt.rank, NULL FROM billing_tier bt WHERE bt.name = 'FREE'
    ) c ORDER BY c.fallback, c.rank DESC, c.activated_at DESC NULLS LAST LIMIT 1
  ) t ON true`;

interface GateRow {
  identity_id: string;
  whop_id: string;
  email: string;
  tier_name: string | null;
  daily_limit: number | null;
  template_cap: number | null;
  blueprint_id: string | null;
  slug: string | null;
  label: string | null;
  instructions: string | null;
  is_pro_only: boolean | null;
  position: number | null;
  output_id?: string | null;
  output_prompt?: string | null;
  output_model?: string | null;
}

/**
 * The gate statement: the identity the session names (only if its Whop id still matches and the
 * session is still live: not signed out, not older than a "sign out everywhere"), its
 * effective tier, and what `joins` add to the row (a blueprint, an output) with their `columns`.
 */
async function loadGate(
  db: Queryable,
  session: SessionData,
  { joins, columns }: { joins: SQL; columns: SQL },
): Promise<GenerationGate | null> {
  const [row] = await queryRows<GateRow>(
    db,
    sql`SELECT i.id AS identity_id, i.whop_id, i.email,
        t.name AS tier_name, t.daily_limit, t.template_cap,
        b.id AS blueprint_id, b.slug, b.label, b.instructions, b.is_pro_only,
        (SELECT count(*)::int FROM prompt_blueprint p WHERE p.sort_order <= b.sort_order) AS position${columns}
      FROM app_identity i ${EFFECTIVE_TIER_JOIN} ${joins}
      WHERE ${liveSessionOf(sql.raw("i"), session)}`,
  );
  if (!row) return null;
  if (row.tier_name === null) throw new AppError("unavailable:tiers", "Tiers are not set up yet.");
  return {
    identity: { id: row.identity_id, whopId: row.whop_id, email: row.email },
    tier: { name: row.tier_name, dailyLimit: Number(row.daily_limit), templateCap: Number(row.template_cap) },
    blueprint: row.blueprint_id
      ? {
          id: row.blueprint_id,
          slug: row.slug as string,
          label: row.label as string,
          instructions: row.instructions as string,
          isProOnly: Boolean(row.is_pro_only),
          position: Number(row.position),
        }
      : undefined,
    output: row.output_id ? { id: row.output_id, prompt: row.output_prompt as string, model: row.output_model as string } : undefined,
  };
}

/** Identity (as named by the session), its tier and the blueprint by slug: one round trip. */
export function loadGateForBlueprint(db: Queryable, session: SessionData, slug: string) {
  return loadGate(db, session, { joins: sql`LEFT JOIN prompt_blueprint b ON b.slug = ${slug}`, columns: sql`` });
}

/** Identity, tier, the output (only if it is this identity's) and its blueprint: one round trip. */
export function loadGateForOutput(db: Queryable, session: SessionData, outputId: string) {
  return loadGate(db, session, {
    joins: sql`LEFT JOIN output_record o ON o.id = ${outputId} AND o.user_id = i.id LEFT JOIN prompt_blueprint b ON b.id = o.blueprint_id`,
    columns: sql`, o.id AS output_id, o.prompt AS output_prompt, o.model AS output_model`,
  });
}

export interface BlueprintForUser extends BlueprintSummary {
  allowed: boolean;
  reason: LockReason | null;
}

/** Every blueprint by sort order with whether this identity may use it; anonymous → sign_in. */
export async function blueprintsForUser(db: Queryable, userId: string | null): Promise<BlueprintForUser[]> {
  const [blueprints, tier] = await Promise.all([listBlueprints(db), userId ? effectiveTier(db, userId) : Promise.resolve(null)]);
  return blueprints.map((b, index) => {
    const reason: LockReason | null = tier ? blueprintLock(b, index + 1, tier) : "sign_in";
    return { ...b, allowed: reason === null, reason };
  });
}
