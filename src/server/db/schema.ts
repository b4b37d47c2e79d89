// The data model: the seed's six models (corrected) plus what correctness needs: webhook event
// log, per-day usage counter, rate-limit buckets, reconciliation runs, the usage ledger (one event
// per admitted model call, which also carries a streaming turn's lease), session revocations and
// the admin audit log.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());
const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const appIdentity = pgTable(
  "app_identity",
  {
    id: id(),
    /** Whop user id (`user_…`), the OIDC `sub`. */
    whopId: text("whop_id").notNull(),
    email: text("email").notNull(),
    name: text("name"),
    username: text("username"),
    avatarUrl: text("avatar_url"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true, mode: "date" }),
    /** "Sign out everywhere": sessions sealed before this moment are refused. */
    sessionsValidAfter: timestamp("sessions_valid_after", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("app_identity_whop_id_key").on(t.whopId),
    index("app_identity_email_idx").on(sql`lower(${t.email})`),
    // Sign-ups per day on the admin dashboard.
    index("app_identity_created_at_idx").on(t.createdAt),
  ],
);

export const billingTier = pgTable(
  "billing_tier",
  {
    id: id(),
    /** "FREE" | "PRO" */
    name: text("name").notNull(),
    /** Generations per UTC day; -1 means unlimited. */
    dailyLimit: integer("daily_limit").notNull(),
    /** How many blueprints (by sort order) the tier may use. */
    templateCap: integer("template_cap").notNull(),
    /** Higher rank wins when a user holds several active grants. */
    rank: integer("rank").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("billing_tier_name_key").on(t.name),
    check("billing_tier_daily_limit_check", sql`${t.dailyLimit} >= -1`),
    check("billing_tier_template_cap_check", sql`${t.templateCap} >= 0`),
  ],
);

export const GRANT_STATUSES = ["ACTIVE", "EXPIRED", "CANCELLED"] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

export const accessGrant = pgTable(
  "access_grant",
  {
    id: id(),
    /** Null while the buyer has never signed in; attached at first sign-in through whopUserId. */
    userId: text("user_id").references(() => appIdentity.id, { onDelete: "cascade" }),
    /** The Whop user the grant belongs to (`user_…`). */
    whopUserId: text("whop_user_id"),
    tierId: text("tier_id")
      .notNull()
      .references(() => billingTier.id, { onDelete: "restrict" }),
    status: text("status", { enum: GRANT_STATUSES }).notNull(),
    /** "signup" for the FREE grant every identity gets; "whop" for a membership; "comp" for an admin's grant. */
    source: text("source", { enum: ["signup", "whop", "comp"] }).notNull(),
    whopMembershipId: text("whop_membership_id"),
    whopPlanId: text("whop_plan_id"),
    whopProductId: text("whop_product_id"),
    /** Whop's own membership status (active, trialing, canceling, …). */
    whopStatus: text("whop_status"),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    renewsAt: timestamp("renews_at", { withTimezone: true, mode: "date" }),
    /** Time of the newest event applied; older deliveries are ignored. */
    lastEventAt: timestamp("last_event_at", { withTimezone: true, mode: "date" }),
    activatedAt: timestamp("activated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Comp grants end on this date by themselves; null for the others. */
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
    /** Comp grants: the admin identity who granted it. */
    grantedBy: text("granted_by"),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("access_grant_whop_membership_id_key").on(t.whopMembershipId),
    uniqueIndex("access_grant_signup_per_user_key").on(t.userId).where(sql`${t.source} = 'signup'`),
    index("access_grant_user_id_status_idx").on(t.userId, t.status),
    index("access_grant_whop_user_id_idx").on(t.whopUserId),
    index("access_grant_tier_id_idx").on(t.tierId),
    // FREE→PRO conversions on the admin dashboard: each member's first Whop activation.
    index("access_grant_whop_activated_idx").on(t.userId, t.activatedAt).where(sql`${t.source} = 'whop'`),
    check("access_grant_owner_check", sql`${t.userId} IS NOT NULL OR ${t.whopUserId} IS NOT NULL`),
    check("access_grant_membership_check", sql`${t.source} <> 'whop' OR ${t.whopMembershipId} IS NOT NULL`),
    check("access_grant_comp_check", sql`${t.source} <> 'comp' OR (${t.expiresAt} IS NOT NULL AND ${t.userId} IS NOT NULL)`),
  ],
);

export const promptBlueprint = pgTable(
  "prompt_blueprint",
  {
    id: id(),
    slug: text("slug").notNull(),
    label: text("label").notNull(),
    description: text("description").notNull(),
    /** The system prompt. User input never goes in here. */
    instructions: text("instructions").notNull(),
    /** A placeholder shown in the input box: what to type. */
    inputHint: text("input_hint").notNull().default(""),
    isProOnly: boolean("is_pro_only").notNull().default(false),
    sortOrder: integer("sort_order").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("prompt_blueprint_slug_key").on(t.slug), uniqueIndex("prompt_blueprint_sort_order_key").on(t.sortOrder)],
);

export const OUTPUT_STATUSES = ["streaming", "complete", "failed", "aborted"] as const;
export type OutputStatus = (typeof OUTPUT_STATUSES)[number];

export const outputRecord = pgTable(
  "output_record",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => appIdentity.id, { onDelete: "cascade" }),
    blueprintId: text("blueprint_id")
      .notNull()
      .references(() => promptBlueprint.id, { onDelete: "restrict" }),
    /** The user's input that started the output. */
    prompt: text("prompt").notNull(),
    /** What the history shows: the brief's first line (at most 80 characters) unless renamed. */
    title: text("title").notNull().default(""),
    /** The public read-only link's unguessable token, while the draft is shared. */
    shareToken: text("share_token"),
    sharedAt: timestamp("shared_at", { withTimezone: true, mode: "date" }),
    /** Registry model id, e.g. `claude`, `gpt`, `demo`. */
    model: text("model").notNull(),
    /** The provider's model id that answered. */
    providerModel: text("provider_model"),
    status: text("status", { enum: OUTPUT_STATUSES }).notNull().default("streaming"),
    errorCode: text("error_code"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    totalTokens: integer("total_tokens"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("output_record_user_created_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    index("output_record_blueprint_id_idx").on(t.blueprintId),
    index("output_record_status_idx").on(t.status),
    uniqueIndex("output_record_share_token_key").on(t.shareToken),
  ],
);

export const conversationNode = pgTable(
  "conversation_node",
  {
    /** Monotonic, so ordering is stable when timestamps are equal. */
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    outputId: text("output_id")
      .notNull()
      .references(() => outputRecord.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["user", "assistant"] }).notNull(),
    content: text("content").notNull(),
    status: text("status", { enum: OUTPUT_STATUSES }).notNull().default("complete"),
    /** Why an assistant turn failed: provider_*, interrupted, deadline. */
    errorCode: text("error_code"),
    model: text("model"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("conversation_node_output_created_idx").on(t.outputId, t.createdAt.desc(), t.id.desc())],
);

/** Generations used per identity per UTC day; consumed by one atomic upsert. */
export const usageCounter = pgTable(
  "usage_counter",
  {
    userId: text("user_id")
      .notNull()
      .references(() => appIdentity.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    count: integer("count").notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] }), check("usage_counter_count_check", sql`${t.count} >= 0`)],
);

/** Whop webhook deliveries by the provider's event id: the idempotency record. */
export const webhookEvent = pgTable(
  "webhook_event",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    /** Event time claimed by the provider. */
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true, mode: "date" }),
    /** What the event did: applied, ignored (and why), … */
    outcome: text("outcome").notNull(),
    payload: jsonb("payload"),
    /** A reversal that named a payment or membership not seen yet waits for it under this id. */
    waitsFor: text("waits_for"),
  },
  (t) => [
    index("webhook_event_received_at_idx").on(t.receivedAt),
    index("webhook_event_type_idx").on(t.type),
    index("webhook_event_waits_for_idx").on(t.waitsFor).where(sql`${t.waitsFor} IS NOT NULL`),
  ],
);

/** Fixed-window rate-limit buckets shared by every app instance. */
export const rateLimitBucket = pgTable(
  "rate_limit_bucket",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("rate_limit_bucket_expires_at_idx").on(t.expiresAt)],
);

/** One row per reconciliation run, for the admin page and operators. */
export const reconcileRun = pgTable(
  "reconcile_run",
  {
    id: id(),
    trigger: text("trigger").notNull(),
    status: text("status", { enum: ["running", "succeeded", "failed", "skipped"] }).notNull(),
    counts: jsonb("counts").$type<Record<string, number>>(),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("reconcile_run_started_at_idx").on(t.startedAt)],
);

/**
 * The usage ledger: one append-only event per admitted model call (a new draft or a follow-up),
 * written by the admission statement and settled with the turn. It outlives the history cap (no
 * foreign key to the output) and holds no prompt or draft text. While the call streams, its lease
 * is renewed; a turn whose lease expired is settled by the sweeper (interrupted).
 */
export const usageEvent = pgTable(
  "usage_event",
  {
    id: id(),
    identityId: text("identity_id")
      .notNull()
      .references(() => appIdentity.id, { onDelete: "cascade" }),
    outputId: text("output_id").notNull(),
    kind: text("kind", { enum: ["draft", "follow_up"] }).notNull(),
    /** The identity's effective tier when the call was admitted. */
    tier: text("tier").notNull(),
    blueprintId: text("blueprint_id").references(() => promptBlueprint.id, { onDelete: "set null" }),
    model: text("model").notNull(),
    providerModel: text("provider_model"),
    status: text("status", { enum: OUTPUT_STATUSES }).notNull().default("streaming"),
    errorCode: text("error_code"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    /** Milliseconds from admission to the first text, when any came. */
    ttftMs: integer("ttft_ms"),
    durationMs: integer("duration_ms"),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    /** The UTC day whose daily unit the call reserved, and whether it was given back. */
    unitDay: date("unit_day", { mode: "string" }).notNull(),
    unitRefunded: boolean("unit_refunded").notNull().default(false),
    /** While streaming: renewed by the live stream; once past, the sweeper settles the turn. */
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true, mode: "date" }),
    /** The turn's nodes (no foreign key: the history cap may delete them; the ledger stays). */
    userNodeId: bigint("user_node_id", { mode: "number" }),
    assistantNodeId: bigint("assistant_node_id", { mode: "number" }),
  },
  (t) => [
    index("usage_event_started_at_idx").on(t.startedAt),
    index("usage_event_identity_started_idx").on(t.identityId, t.startedAt),
    index("usage_event_blueprint_id_idx").on(t.blueprintId),
    index("usage_event_lease_idx").on(t.leaseExpiresAt).where(sql`${t.status} = 'streaming'`),
    index("usage_event_streaming_output_idx").on(t.outputId).where(sql`${t.status} = 'streaming'`),
  ],
);

/**
 * Daily roll-ups of the usage ledger for the admin dashboard, so a 90-day overview reads a few
 * thousand rows instead of every call. A closed UTC day is rolled up once (when the dashboard
 * first asks for it, after the day ended and all its calls settled) into the three tables below,
 * and marked here in the same statement; days not marked are read from the ledger itself.
 * Roll-ups hold no identity and stay when ledger events are pruned or their identity is deleted.
 */
export const usageRollupDay = pgTable("usage_rollup_day", {
  day: date("day", { mode: "string" }).primaryKey(),
  rolledAt: timestamp("rolled_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** Calls and tokens of a rolled-up day by tier, model and outcome (`error_code` '' when none). */
export const usageDaily = pgTable(
  "usage_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    tier: text("tier").notNull(),
    model: text("model").notNull(),
    status: text("status").notNull(),
    errorCode: text("error_code").notNull().default(""),
    calls: integer("calls").notNull(),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull(),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.tier, t.model, t.status, t.errorCode] })],
);

/** Calls of a rolled-up day by blueprint (`blueprint_id` '' once the blueprint is gone). */
export const usageDailyBlueprint = pgTable(
  "usage_daily_blueprint",
  {
    day: date("day", { mode: "string" }).notNull(),
    blueprintId: text("blueprint_id").notNull(),
    calls: integer("calls").notNull(),
    failed: integer("failed").notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.blueprintId] })],
);

/** Time to first token of a rolled-up day by model, as a histogram: bucket k holds [1.05^k, 1.05^(k+1)) ms. */
export const usageDailyTtft = pgTable(
  "usage_daily_ttft",
  {
    day: date("day", { mode: "string" }).notNull(),
    model: text("model").notNull(),
    bucket: integer("bucket").notNull(),
    calls: integer("calls").notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.model, t.bucket] })],
);

/** Sessions ended on the server (sign-out): a sealed cookie naming one of these ids is refused. */
export const revokedSession = pgTable(
  "revoked_session",
  {
    id: text("id").primaryKey(),
    identityId: text("identity_id")
      .notNull()
      .references(() => appIdentity.id, { onDelete: "cascade" }),
    /** When the cookie would have expired anyway; the row can go after that. */
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("revoked_session_identity_id_idx").on(t.identityId), index("revoked_session_expires_at_idx").on(t.expiresAt)],
);

/** What admins did to members (comp grants, revocations, webhook replays), who did it and why. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    actorId: text("actor_id").references(() => appIdentity.id, { onDelete: "set null" }),
    /** Kept as written, so the log still says who after an identity is gone. */
    actorEmail: text("actor_email").notNull(),
    action: text("action").notNull(),
    targetIdentityId: text("target_identity_id").references(() => appIdentity.id, { onDelete: "set null" }),
    /** What was acted on: a grant id, a webhook event id. */
    targetRef: text("target_ref"),
    reason: text("reason").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_id_idx").on(t.actorId),
    index("audit_log_target_identity_id_idx").on(t.targetIdentityId),
  ],
);

export type AppIdentity = typeof appIdentity.$inferSelect;
export type BillingTier = typeof billingTier.$inferSelect;
export type AccessGrant = typeof accessGrant.$inferSelect;
export type PromptBlueprint = typeof promptBlueprint.$inferSelect;
export type OutputRecord = typeof outputRecord.$inferSelect;
export type ConversationNode = typeof conversationNode.$inferSelect;
