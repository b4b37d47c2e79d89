// Members for the admin pages: search by email or Whop user id, and one member's tier, grants,
// usage and recent generations (ledger metadata only: never a prompt or a draft).
import { sql } from "drizzle-orm";
import { utcDay } from "../access/quota";
import { grantInForce } from "../access/tiers";
import type { AppConfig } from "../config";
import { type Queryable, queryRows } from "../db/client";
import { costUsd, roundUsd } from "./cost";
import { addDays, dayStart } from "./days";

export interface MemberSummary {
  id: string;
  email: string;
  whopUserId: string;
  /** The effective tier now (tiers.ts's rule), and the grant that gives it. */
  tier: string;
  tierSource: "signup" | "whop" | "comp" | null;
  tierExpiresAt: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  /** Admitted model calls (drafts and follow-ups) today and over the last 30 days, today included. */
  usageToday: number;
  usage30d: number;
}

export const MEMBER_PAGE_SIZE = 50;

/** The identity `i`'s effective tier as `t` (name, source, expires_at): the best grant in force, else none (FREE). */
const TIER_OF_MEMBER = sql`LEFT JOIN LATERAL (
    SELECT bt.name, g.source, g.expires_at FROM access_grant g JOIN billing_tier bt ON bt.id = g.tier_id
    WHERE g.user_id = i.id AND ${grantInForce({ status: sql`g.status`, expiresAt: sql`g.expires_at` })}
    ORDER BY bt.rank DESC, g.activated_at DESC LIMIT 1) t ON true`;

const usageSince = (since: Date) =>
  sql`(SELECT count(*) FROM usage_event u WHERE u.identity_id = i.id AND u.started_at >= ${since.toISOString()}::timestamptz)`;

interface MemberRow {
  id: string;
  email: string;
  name: string | null;
  whop_id: string;
  tier: string | null;
  source: MemberSummary["tierSource"];
  expires_at: Date | null;
  created_at: Date;
  last_sign_in_at: Date | null;
  usage_today: string | number;
  usage_30d: string | number;
}

function memberQuery(now: Date, where: ReturnType<typeof sql>, limit: number) {
  const today = dayStart(utcDay(now));
  return sql`SELECT i.id, i.email, i.name, i.whop_id, t.name AS tier, t.source, t.expires_at, i.created_at, i.last_sign_in_at,
      ${usageSince(today)} AS usage_today, ${usageSince(dayStart(addDays(utcDay(now), -29)))} AS usage_30d
    FROM app_identity i ${TIER_OF_MEMBER}
    WHERE ${where} ORDER BY i.created_at DESC, i.id LIMIT ${limit}`;
}

const toSummary = (r: MemberRow): MemberSummary => ({
  id: r.id,
  email: r.email,
  whopUserId: r.whop_id,
  tier: r.tier ?? "FREE",
  tierSource: r.source ?? null,
  tierExpiresAt: r.expires_at ? new Date(r.expires_at) : null,
  createdAt: new Date(r.created_at),
  lastSignInAt: r.last_sign_in_at ? new Date(r.last_sign_in_at) : null,
  usageToday: Number(r.usage_today),
  usage30d: Number(r.usage_30d),
});

/**
 * Members whose email contains `q` (any case), or whose Whop user id or identity id is `q`; the
 * newest 50 sign-ups without `q`.
 */
export async function searchMembers(db: Queryable, options: { q?: string; now: Date }): Promise<MemberSummary[]> {
  const q = options.q?.trim() ?? "";
  const where = q ? sql`(strpos(lower(i.email), lower(${q})) > 0 OR i.whop_id = ${q} OR i.id = ${q})` : sql`true`;
  const rows = await queryRows<MemberRow>(db, memberQuery(options.now, where, MEMBER_PAGE_SIZE));
  return rows.map(toSummary);
}

export interface MemberGrant {
  id: string;
  tier: string;
  source: "signup" | "whop" | "comp";
  status: string;
  /** Whether it gives its tier right now (ACTIVE and not past its end date). */
  inForce: boolean;
  activatedAt: Date;
  expiresAt: Date | null;
  updatedAt: Date;
  whopMembershipId: string | null;
  whopStatus: string | null;
  grantedBy: string | null;
}

export interface MemberCall {
  id: string;
  kind: string;
  tier: string;
  model: string;
  providerModel: string | null;
  blueprint: string | null;
  status: string;
  errorCode: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  ttftMs: number | null;
  durationMs: number | null;
  costUsd: number;
  startedAt: Date;
  unitRefunded: boolean;
}

export interface MemberDetail extends MemberSummary {
  name: string | null;
  grants: MemberGrant[];
  recent: MemberCall[];
}

export const RECENT_CALLS = 50;

export async function memberDetail(db: Queryable, config: AppConfig, id: string, now: Date): Promise<MemberDetail | null> {
  const [summary] = (await queryRows<MemberRow>(db, memberQuery(now, sql`i.id = ${id}`, 1))).map((r) => ({
    ...toSummary(r),
    name: r.name ?? null,
  }));
  if (!summary) return null;
  const [grants, recent] = await Promise.all([
    queryRows<{
      id: string;
      tier: string;
      source: MemberGrant["source"];
      status: string;
      in_force: boolean;
      activated_at: Date;
      expires_at: Date | null;
      updated_at: Date;
      whop_membership_id: string | null;
      whop_status: string | null;
      granted_by: string | null;
    }>(
      db,
      sql`SELECT g.id, bt.name AS tier, g.source, g.status, ${grantInForce({ status: sql`g.status`, expiresAt: sql`g.expires_at` })} AS in_force,
          g.activated_at, g.expires_at, g.updated_at, g.whop_membership_id, g.whop_status, a.email AS granted_by
        FROM access_grant g JOIN billing_tier bt ON bt.id = g.tier_id LEFT JOIN app_identity a ON a.id = g.granted_by
        WHERE g.user_id = ${id} ORDER BY g.activated_at DESC, g.id`,
    ),
    queryRows<{
      id: string;
      kind: string;
      tier: string;
      model: string;
      provider_model: string | null;
      blueprint: string | null;
      status: string;
      error_code: string | null;
      input_tokens: number | null;
      output_tokens: number | null;
      ttft_ms: number | null;
      duration_ms: number | null;
      started_at: Date;
      unit_refunded: boolean;
    }>(
      db,
      sql`SELECT u.id, u.kind, u.tier, u.model, u.provider_model, b.label AS blueprint, u.status, u.error_code, u.input_tokens,
          u.output_tokens, u.ttft_ms, u.duration_ms, u.started_at, u.unit_refunded
        FROM usage_event u LEFT JOIN prompt_blueprint b ON b.id = u.blueprint_id
        WHERE u.identity_id = ${id} ORDER BY u.started_at DESC, u.id LIMIT ${RECENT_CALLS}`,
    ),
  ]);
  return {
    ...summary,
    grants: grants.map((g) => ({
      id: g.id,
      tier: g.tier,
      source: g.source,
      status: g.status,
      inForce: Boolean(g.in_force),
      activatedAt: new Date(g.activated_at),
      expiresAt: g.expires_at ? new Date(g.expires_at) : null,
      updatedAt: new Date(g.updated_at),
      whopMembershipId: g.whop_membership_id,
      whopStatus: g.whop_status,
      grantedBy: g.granted_by,
    })),
    recent: recent.map((u) => ({
      id: u.id,
      kind: u.kind,
      tier: u.tier,
      model: u.model,
      providerModel: u.provider_model,
      blueprint: u.blueprint,
      status: u.status,
      errorCode: u.error_code,
      inputTokens: u.input_tokens,
      outputTokens: u.output_tokens,
      ttftMs: u.ttft_ms,
      durationMs: u.duration_ms,
      costUsd: roundUsd(costUsd(config.usage.prices, u.model, u.input_tokens ?? 0, u.output_tokens ?? 0)),
      startedAt: new Date(u.started_at),
      unitRefunded: Boolean(u.unit_refunded),
    })),
  };
}
