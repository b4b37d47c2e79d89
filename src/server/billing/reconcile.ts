// Reconciliation: read every page of Whop's access-giving memberships for the PRO plans/products,
// then correct local grants in one transaction. A failure while reading, a listing that cannot be
// trusted, or a result that would expire more of the active PRO grants than
// RECONCILE_MAX_EXPIRE_PERCENT allows (at least 3 always) changes nothing: the run is recorded
// failed with the reason. An operator who has checked Whop applies the last with `force`
// (`npm run reconcile -- --force`). Each run is recorded in reconcile_run; one at a time across
// instances, so a run still `running` when the next one starts belonged to a process that died.
import { eq } from "drizzle-orm";
import type { AppContext } from "../context";
import type { AppIdentity } from "../db/schema";
import { reconcileRun } from "../db/schema";
import { AppError } from "../errors";
import { log } from "../log";
import { ACCESS_STATUSES } from "./grants";
import { RECONCILE_LOCK_KEY, withAdvisoryLock } from "./lock";
import type { MembershipState } from "./membership";
import {
  applySnapshot,
  countActiveWhopGrants,
  emptyCounts,
  RECONCILE_GRACE_MS,
  type ReconcileCounts,
  type Snapshot,
  type SnapshotScope,
} from "./snapshot";
import { createWhopClient, describeWhopFailure, listMemberships, type WhopClient } from "./whop";

export interface ReconcileReport extends ReconcileCounts {
  status: "succeeded" | "failed" | "skipped";
  runId: string;
  /** Why the run failed (no secrets), when it did. */
  error?: string;
}

export interface ReconcileDeps {
  /** The Whop client; by default one built from config (null when WHOP_API_KEY is unset). */
  whop?: WhopClient | null;
}

export interface ReconcileOptions extends ReconcileDeps {
  /** Apply a result over the expiry ceiling: an operator has checked it on Whop. */
  force?: boolean;
  /** How much older than the listing's start a grant's newest event must be to expire it. */
  graceMs?: number;
}

/** A run that would change too much: refused, so the transaction rolls back. */
class RefusedRunError extends Error {
  override name = "RefusedRunError";
}

/** The most one run may expire unforced: `percent` of the active PRO grants, and never fewer than 3. */
export function expiryCeiling(activeGrants: number, percent: number): number {
  return Math.max(3, (activeGrants * percent) / 100);
}

/** Lists the memberships that give access, once per configured filter, merged by id. */
async function readSnapshot(ctx: AppContext, client: WhopClient, userIds?: string[]): Promise<Snapshot> {
  const observedAt = ctx.now();
  const base = { companyId: ctx.config.whop.companyId, userIds, statuses: [...ACCESS_STATUSES] };
  const byId = new Map<string, MembershipState>();
  const productIds = ctx.config.whop.proProductIds;
  const planIds = ctx.config.whop.proPlanIds;
  if (productIds.length) for (const m of await listMemberships(client, { ...base, productIds })) byId.set(m.membershipId, m);
  if (planIds.length) for (const m of await listMemberships(client, { ...base, planIds })) byId.set(m.membershipId, m);
  return { memberships: [...byId.values()], observedAt };
}

function requireSetup(ctx: AppContext, client: WhopClient | null): WhopClient {
  if (!client) throw new AppError("unavailable:reconcile", "Reconciliation needs WHOP_API_KEY.");
  if (!ctx.config.whop.companyId) throw new AppError("unavailable:reconcile", "Reconciliation needs WHOP_COMPANY_ID.");
  if (!ctx.config.whop.proProductIds.length && !ctx.config.whop.proPlanIds.length)
    throw new AppError("unavailable:reconcile", "No PRO plan or product is configured (WHOP_PRO_PLAN_IDS / WHOP_PRO_PRODUCT_IDS).");
  return client;
}

/** The full run, for the cron route and `npm run reconcile`. */
export async function reconcileAll(ctx: AppContext, trigger: string, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const client = requireSetup(ctx, options.whop !== undefined ? options.whop : createWhopClient(ctx.config));
  const locked = await withAdvisoryLock(ctx.database, RECONCILE_LOCK_KEY, () => runLocked(ctx, client, trigger, options));
  if (locked.acquired) return locked.value;
  const now = ctx.now();
  const [run] = await ctx.db
    .insert(reconcileRun)
    .values({ trigger, status: "skipped", startedAt: now, finishedAt: now, error: "another run was in progress" })
    .returning({ id: reconcileRun.id });
  return { status: "skipped", runId: run?.id ?? "", ...emptyCounts() };
}

/** Runs left `running` can only be a dead process's while we hold the lock: they failed. */
async function closeAbandonedRuns(ctx: AppContext): Promise<void> {
  const closed = await ctx.db
    .update(reconcileRun)
    .set({ status: "failed", error: "The process running it stopped before it finished.", finishedAt: ctx.now() })
    .where(eq(reconcileRun.status, "running"))
    .returning({ id: reconcileRun.id });
  if (closed.length) log.warn("reconcile runs abandoned by a stopped process closed as failed", { runIds: closed.map((r) => r.id) });
}

async function runLocked(ctx: AppContext, client: WhopClient, trigger: string, options: ReconcileOptions): Promise<ReconcileReport> {
  await closeAbandonedRuns(ctx);
  const recordedTrigger = options.force ? `${trigger} (forced)` : trigger;
  const [run] = await ctx.db.insert(reconcileRun).values({ trigger: recordedTrigger, status: "running", startedAt: ctx.now() }).returning();
  if (!run) throw new AppError("internal:reconcile", "Could not record the reconciliation run.");
  try {
    const snapshot = await readSnapshot(ctx, client);
    const counts = await ctx.db.transaction(async (tx) => {
      const activeBefore = await countActiveWhopGrants(tx);
      const applied = await applySnapshot(tx, ctx.config, snapshot, { kind: "all" }, ctx.now(), options.graceMs ?? RECONCILE_GRACE_MS);
      const { maxExpirePercent } = ctx.config.reconcile;
      if (!options.force && applied.expired > expiryCeiling(activeBefore, maxExpirePercent))
        throw new RefusedRunError(
          `This listing would expire ${applied.expired} of ${activeBefore} active PRO grants, more than RECONCILE_MAX_EXPIRE_PERCENT ` +
            `(${maxExpirePercent} %, at least 3) allows. Nothing was changed. If Whop is right, run \`npm run reconcile -- --force\`.`,
        );
      return applied;
    });
    await ctx.db
      .update(reconcileRun)
      .set({ status: "succeeded", counts: { ...counts }, finishedAt: ctx.now() })
      .where(eq(reconcileRun.id, run.id));
    log.info("reconcile finished", { runId: run.id, trigger: recordedTrigger, ...counts });
    return { status: "succeeded", runId: run.id, ...counts };
  } catch (error) {
    const reason = describeWhopFailure(error);
    await ctx.db.update(reconcileRun).set({ status: "failed", error: reason, finishedAt: ctx.now() }).where(eq(reconcileRun.id, run.id));
    log.error("reconcile failed", { runId: run.id, trigger: recordedTrigger, reason });
    return { status: "failed", runId: run.id, error: reason, ...emptyCounts() };
  }
}

/**
 * At sign-in, the user's own memberships are checked against Whop when WHOP_API_KEY is set, so a
 * purchase whose webhook was lost still counts. It never fails the sign-in: problems are logged.
 */
export async function reconcileUserAtSignIn(
  ctx: AppContext,
  identity: Pick<AppIdentity, "id" | "whopId">,
  deps: ReconcileDeps = {},
): Promise<ReconcileCounts | null> {
  try {
    // A short timeout and no retries: the user is waiting on this redirect.
    const client = deps.whop !== undefined ? deps.whop : createWhopClient(ctx.config, { maxRetries: 0, timeoutMs: 5_000 });
    // Without a PRO filter the listing would be empty and would wrongly expire this user's grants.
    if (!client || (!ctx.config.whop.proProductIds.length && !ctx.config.whop.proPlanIds.length)) return null;
    const snapshot = await readSnapshot(ctx, client, [identity.whopId]);
    const scope: SnapshotScope = { kind: "user", whopUserId: identity.whopId, userId: identity.id };
    return await ctx.db.transaction((tx) => applySnapshot(tx, ctx.config, snapshot, scope, ctx.now()));
  } catch (error) {
    log.warn("sign-in reconcile skipped", { identityId: identity.id, reason: describeWhopFailure(error) });
    return null;
  }
}
