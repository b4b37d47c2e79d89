import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requireViewer } from "@/app/_lib/viewer";
import { LocalTime, ResetTime } from "@/components/local-time";
import { TierBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass, cardClass, readingContainer } from "@/components/ui/styles";
import { UpgradeButton } from "@/components/upgrade-button";
import { usageLabel } from "@/components/usage-badge";
import { usageToday } from "@/server/access/quota";
import { getAccountBilling } from "@/server/billing/account";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account" };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 py-3 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
      <dt className="text-sm text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 font-medium break-words sm:text-right">{children}</dd>
    </div>
  );
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx, identity } = await requireViewer("/account");
  const [billing, usage, params] = await Promise.all([
    getAccountBilling(ctx.db, identity.id),
    usageToday(ctx.db, identity.id, ctx.now()),
    searchParams,
  ]);
  const membership = billing.grants.find((g) => g.status === "ACTIVE") ?? billing.grants[0];
  const simulate = Boolean(ctx.purchases);

  return (
    <div className={`${readingContainer} pb-16`}>
      <PageHeader title="Account" lead="Your plan, today's usage and your membership." />
      {params.simulated ? (
        <p
          role="status"
          className="mb-6 rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-100"
        >
          The simulated membership event was signed and delivered to the webhook. Your plan below reflects it.
        </p>
      ) : null}

      <div className="flex flex-col gap-6">
        <section aria-labelledby="plan-heading" className={`${cardClass} p-5 sm:p-6`}>
          <div className="flex items-center justify-between gap-3">
            <h2 id="plan-heading" className="text-lg font-semibold">
              Plan
            </h2>
            <TierBadge tier={billing.tier} />
          </div>
          <dl className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800">
            <Row label="Email">{identity.email}</Row>
            <Row label="Tier">
              <span data-testid="account-tier">{billing.tier}</span>
            </Row>
            <Row label="Usage today">
              <span data-testid="account-usage">{usageLabel(usage)}</span>
              {usage.limit !== null ? (
                <span className="block text-xs font-normal text-zinc-500">
                  Resets <ResetTime resetsAt={usage.resetsAt} />
                </span>
              ) : null}
            </Row>
            {membership ? (
              <>
                <Row label="Membership status">
                  {membership.status === "ACTIVE" ? "Active" : membership.status === "EXPIRED" ? "Expired" : "Cancelled"}
                  {membership.whopStatus ? <span className="font-normal text-zinc-500"> (Whop: {membership.whopStatus})</span> : null}
                </Row>
                <Row label={membership.cancelAtPeriodEnd ? "Access ends" : "Renews"}>
                  {membership.renewsAt ? <LocalTime value={membership.renewsAt} style="date" /> : "—"}
                </Row>
              </>
            ) : (
              <Row label="Membership status">Free plan, given at sign-up</Row>
            )}
          </dl>
          <div className="mt-5 flex flex-col gap-3 sm:flex-row">
            {billing.canUpgrade ? <UpgradeButton className="sm:w-auto" /> : null}
            {membership ? (
              <a href={billing.manageUrl} target="_blank" rel="noopener noreferrer" className={buttonClass("secondary", "lg")}>
                Manage on Whop
              </a>
            ) : null}
          </div>
        </section>

        <section aria-labelledby="sessions-heading" className={`${cardClass} p-5 sm:p-6`}>
          <h2 id="sessions-heading" className="text-lg font-semibold">
            Sessions
          </h2>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            Signed in on another device, or left a browser signed in somewhere? This ends every session of your account, this one included.
          </p>
          <form method="post" action="/api/auth/logout?scope=everywhere" className="mt-4">
            <button type="submit" className={buttonClass("secondary")}>
              Sign out everywhere
            </button>
          </form>
        </section>

        {simulate ? (
          <section
            id="simulate"
            aria-labelledby="simulate-heading"
            className="rounded-2xl border-2 border-dashed border-amber-300 bg-amber-50 p-5 sm:p-6 dark:border-amber-800 dark:bg-amber-950/30"
          >
            <h2 id="simulate-heading" className="text-lg font-semibold">
              Simulation (local mode only)
            </h2>
            <p className="mt-2 text-sm text-amber-950 dark:text-amber-100">
              No payment happens here. The button signs a Whop <code>membership</code> event with this app&apos;s webhook secret and
              delivers it to the real webhook handler, exactly as Whop would after a purchase.
            </p>
            <form method="post" action="/api/billing/simulate" className="mt-4">
              <input type="hidden" name="event" value={billing.canUpgrade ? "membership.activated" : "membership.deactivated"} />
              <button type="submit" className={buttonClass("secondary")}>
                {billing.canUpgrade ? "Simulate a PRO purchase" : "Simulate cancelling PRO"}
              </button>
            </form>
          </section>
        ) : null}
      </div>
    </div>
  );
}
