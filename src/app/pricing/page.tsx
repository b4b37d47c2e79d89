import type { Metadata } from "next";
import Link from "next/link";
import { getViewer } from "@/app/_lib/viewer";
import { Badge } from "@/components/ui/badge";
import { buttonClass, cardClass, pageContainer } from "@/components/ui/styles";
import { UpgradeButton } from "@/components/upgrade-button";
import { usageToday } from "@/server/access/quota";
import { listBlueprints, listTiers } from "@/server/catalog/blueprints";
import { proPrice } from "@/server/catalog/pro-price";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Pricing" };

const TIER_PITCH: Record<string, string> = {
  FREE: "Try the studio on the everyday blueprints.",
  PRO: "For people who write every day: every blueprint, no daily cap.",
};

function Check() {
  return (
    <span aria-hidden className="text-emerald-600 dark:text-emerald-400">
      ✓
    </span>
  );
}

export default async function PricingPage() {
  const { ctx, identity } = await getViewer();
  const [tiers, blueprints, usage, price] = await Promise.all([
    listTiers(ctx.db),
    listBlueprints(ctx.db),
    identity ? usageToday(ctx.db, identity.id, ctx.now()) : null,
    proPrice(ctx.config),
  ]);

  return (
    <div className={`${pageContainer} pb-20`}>
      <div className="mx-auto max-w-2xl pt-12 pb-10 text-center sm:pt-16">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">Simple pricing</h1>
        <p className="mt-3 text-lg text-zinc-600 dark:text-zinc-400">
          Start free. Upgrade through Whop when the drafts start paying for themselves, and cancel any time from your Whop account.
        </p>
      </div>

      <div className="mx-auto grid max-w-4xl gap-6 md:grid-cols-2">
        {tiers.map((tier) => {
          const isPro = tier.name !== "FREE";
          const included = blueprints.filter((b) => isPro || !b.isProOnly).slice(0, tier.templateCap);
          const current = usage?.tier === tier.name;
          return (
            <section
              key={tier.name}
              aria-labelledby={`tier-${tier.name}`}
              className={`${cardClass} flex flex-col p-6 sm:p-8 ${isPro ? "ring-2 ring-brand-500" : ""}`}
            >
              <div className="flex items-center justify-between gap-3">
                <h2 id={`tier-${tier.name}`} className="text-xl font-semibold">
                  {tier.name}
                </h2>
                {current ? <Badge tone="green">Your plan</Badge> : isPro ? <Badge tone="brand">For daily writers</Badge> : null}
              </div>
              {price ? (
                <p className="mt-3 text-2xl font-bold tracking-tight" data-testid={isPro ? "pro-price" : undefined}>
                  {isPro ? price.label : "No charge"}
                </p>
              ) : null}
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{TIER_PITCH[tier.name] ?? ""}</p>
              <dl className="mt-6 grid grid-cols-2 gap-3">
                <div className="rounded-xl bg-zinc-50 p-4 dark:bg-zinc-800/60">
                  <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Daily limit</dt>
                  <dd className="mt-1 text-xl font-bold sm:text-2xl">{tier.dailyLimit < 0 ? "Unlimited" : tier.dailyLimit}</dd>
                  <dd className="text-xs text-zinc-500 dark:text-zinc-400">generations a day</dd>
                </div>
                <div className="rounded-xl bg-zinc-50 p-4 dark:bg-zinc-800/60">
                  <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Blueprints</dt>
                  <dd className="mt-1 text-xl font-bold sm:text-2xl">{tier.templateCap}</dd>
                  <dd className="text-xs text-zinc-500 dark:text-zinc-400">of {blueprints.length} templates</dd>
                </div>
              </dl>
              <ul className="mt-6 flex-1 space-y-2 text-sm">
                {included.map((b) => (
                  <li key={b.slug} className="flex gap-2">
                    <Check />
                    {b.label}
                  </li>
                ))}
                <li className="flex gap-2">
                  <Check />
                  Claude and GPT, streamed, with follow-ups
                </li>
              </ul>
              <div className="mt-8">
                {isPro ? (
                  !identity ? (
                    <a href="/api/auth/login?returnTo=%2Fpricing" className={buttonClass("primary", "lg", "w-full")}>
                      Sign in to upgrade
                    </a>
                  ) : current ? (
                    <Link href="/account" className={buttonClass("secondary", "lg", "w-full")}>
                      Manage your membership
                    </Link>
                  ) : (
                    <UpgradeButton />
                  )
                ) : identity ? (
                  <Link href="/studio" className={buttonClass("secondary", "lg", "w-full")}>
                    Open the studio
                  </Link>
                ) : (
                  <a href="/api/auth/login?returnTo=%2Fstudio" className={buttonClass("secondary", "lg", "w-full")}>
                    Start free
                  </a>
                )}
              </div>
            </section>
          );
        })}
      </div>
      <p className="mx-auto mt-8 max-w-2xl text-center text-sm text-zinc-500 dark:text-zinc-400">
        Daily limits reset at midnight UTC. Payments, invoices and cancellations are handled by Whop.
      </p>
    </div>
  );
}
