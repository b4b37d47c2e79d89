import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/viewer";
import { AreasChart, BarsChart, RankChart } from "@/components/admin/charts";
import { COLORS, modelColor, TIER_COLORS } from "@/components/admin/colors";
import { formatCount, formatDay, formatTokens, formatUsd } from "@/components/admin/format";
import { RangePicker } from "@/components/admin/range-picker";
import { StatCard } from "@/components/admin/stat-card";
import { AdminTable, cell, wideCell } from "@/components/admin/table";
import { formatDateTime } from "@/components/format";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/styles";
import { MAX_RANGE_DAYS } from "@/server/admin/days";
import { adminOverview, RANGE_CHOICES } from "@/server/ui/admin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

function rangeOf(raw: string | string[] | undefined): number {
  const days = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(days) && days >= 1 && days <= MAX_RANGE_DAYS ? days : 30;
}

export default async function AdminOverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { ctx } = await requireAdmin();
  const days = rangeOf((await searchParams).days);
  const o = await adminOverview(ctx.db, ctx.config, { days, now: ctx.now() });
  const { metrics } = o;
  const today = metrics.daily.at(-1);
  const tiers = Object.keys(today?.byTier ?? {});
  const models = o.models.map((m) => m.model);
  const startPro = o.proByDay[0];
  const unpriced = o.models.filter((m) => !m.priced).map((m) => m.model);

  const byTier = metrics.daily.map((d) => ({ day: d.day, ...d.byTier }));
  const costByModel = metrics.daily.map((d) => ({ day: d.day, ...Object.fromEntries(models.map((m) => [m, d.byModel[m]?.costUsd ?? 0])) }));
  const modelSeries = models.map((m, i) => ({ key: m, label: m, color: modelColor(m, i) }));

  return (
    <>
      <PageHeader
        title="Overview"
        lead={`Usage, estimated cost and members over the last ${days} days (UTC days, today included).`}
        actions={
          <>
            <RangePicker days={days} choices={RANGE_CHOICES} />
            <a href={`/api/admin/metrics.csv?days=${days}`} className={buttonClass("secondary", "sm")} download>
              Download CSV
            </a>
          </>
        }
      />

      <section aria-labelledby="today-heading" className="flex flex-col gap-3">
        <h2 id="today-heading" className="text-sm font-semibold text-zinc-600 dark:text-zinc-300">
          Today (UTC)
        </h2>
        <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
          <StatCard label="Generations" value={formatCount(today?.generations ?? 0)} testId="today-generations" />
          <StatCard label="Failures" value={formatCount(today?.failed ?? 0)} />
          <StatCard
            label="Tokens"
            value={formatTokens((today?.inputTokens ?? 0) + (today?.outputTokens ?? 0))}
            note={`${formatTokens(today?.inputTokens ?? 0)} in · ${formatTokens(today?.outputTokens ?? 0)} out`}
          />
          <StatCard label="Est. cost" value={formatUsd(today?.costUsd ?? 0)} />
          <StatCard label="Sign-ups" value={formatCount(today?.signups ?? 0)} />
          <StatCard
            label="Active PRO"
            value={formatCount(o.activePro.total)}
            note={o.activePro.comp ? `${formatCount(o.activePro.comp)} by comp` : "all paid"}
            testId="active-pro"
          />
        </div>
      </section>

      <section aria-labelledby="range-heading" className="flex flex-col gap-3">
        <h2 id="range-heading" className="text-sm font-semibold text-zinc-600 dark:text-zinc-300">
          Last {days} days · {formatDay(metrics.range.from)} to {formatDay(metrics.range.to)}
        </h2>
        <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
          <StatCard
            label="Generations"
            value={formatCount(metrics.totals.generations)}
            note={`${formatCount(metrics.totals.completed)} completed · ${formatCount(metrics.totals.aborted)} stopped`}
            testId="range-generations"
          />
          <StatCard
            label="Failures"
            value={formatCount(metrics.totals.failed)}
            note={
              metrics.totals.generations ? `${((metrics.totals.failed / metrics.totals.generations) * 100).toFixed(1)} % of calls` : "—"
            }
          />
          <StatCard
            label="Tokens"
            value={formatTokens(metrics.totals.inputTokens + metrics.totals.outputTokens)}
            note={`${formatTokens(metrics.totals.inputTokens)} in · ${formatTokens(metrics.totals.outputTokens)} out`}
          />
          <StatCard label="Est. cost" value={formatUsd(metrics.totals.costUsd)} testId="range-cost" />
          <StatCard
            label="Sign-ups"
            value={formatCount(metrics.totals.signups)}
            note={`${formatCount(o.identities)} ${o.identities === 1 ? "member" : "members"} in all`}
          />
          <StatCard
            label="Active PRO"
            value={formatCount(metrics.totals.activePro)}
            note={startPro ? `${formatCount(startPro.paid + startPro.comp)} at the end of ${formatDay(startPro.day)}` : undefined}
          />
        </div>
        <p className="sr-only" data-testid="admin-identities">
          {o.identities}
        </p>
      </section>

      <div className="grid gap-4 lg:grid-cols-2">
        <BarsChart
          title="Generations per day, by tier"
          note="Every admitted model call, follow-ups and failures included; tier as it was then."
          data={byTier}
          xKey="day"
          series={tiers.map((t) => ({ key: t, label: t, color: TIER_COLORS[t] ?? COLORS.other }))}
        />
        <BarsChart
          title="Estimated cost per day, by model"
          note={`Tokens × MODEL_PRICES (USD per million tokens).${unpriced.length ? ` No price for: ${unpriced.join(", ")}.` : ""}`}
          data={costByModel}
          xKey="day"
          series={modelSeries}
          format="usd"
        />
        <AreasChart
          title="Active PRO members"
          note="Members holding PRO at the end of each day: through Whop, or only by an admin's comp."
          data={o.proByDay.map((d) => ({ ...d }))}
          xKey="day"
          series={[
            { key: "paid", label: "Paid (Whop)", color: COLORS.paid },
            { key: "comp", label: "Comp only", color: COLORS.comp },
          ]}
        />
        <BarsChart
          title="Sign-ups and FREE→PRO conversions per day"
          note="A conversion: a member's first Whop PRO activation, after they had signed up."
          data={o.growthByDay.map((d) => ({ ...d }))}
          xKey="day"
          series={[
            { key: "signups", label: "Sign-ups", color: COLORS.signups },
            { key: "conversions", label: "Conversions", color: COLORS.conversions, line: true },
          ]}
        />
        <RankChart
          title="Failures by error code"
          data={o.failuresByCode}
          labelKey="code"
          labelTitle="Error code"
          series={[{ key: "calls", label: "Failed calls", color: COLORS.failed }]}
          emptyText="No failures in this range."
        />
        <RankChart
          title="Top blueprints"
          data={o.topBlueprints.map((b) => ({ blueprint: b.label ?? "(removed)", calls: b.calls, failed: b.failed }))}
          labelKey="blueprint"
          labelTitle="Blueprint"
          series={[
            { key: "calls", label: "Calls", color: COLORS.calls },
            { key: "failed", label: "Failed", color: COLORS.failed },
          ]}
        />
        <BarsChart
          title="Time to first token, by model"
          note="p50 and p95 over the range (from 5 %-wide buckets)."
          data={o.ttft.map((t) => ({ model: t.model, p50: t.p50 ?? 0, p95: t.p95 ?? 0 }))}
          xKey="model"
          xLabel="Model"
          dayAxis={false}
          stacked={false}
          format="ms"
          series={[
            { key: "p50", label: "p50", color: COLORS.p50 },
            { key: "p95", label: "p95", color: COLORS.p95 },
          ]}
        />
        <AdminTable
          caption="Cost by model"
          columns={[
            { label: "Model" },
            { label: "Calls", align: "right" },
            { label: "Tokens in / out", align: "right", wide: true },
            { label: "Est. cost", align: "right" },
          ]}
          empty="No model calls in this range."
        >
          {o.models.map((m) => (
            <tr key={m.model}>
              <td className={cell}>
                <span className="inline-flex items-center gap-2">
                  <span
                    aria-hidden
                    className="h-2.5 w-2.5 rounded-full"
                    style={{ background: modelColor(m.model, models.indexOf(m.model)) }}
                  />
                  {m.model}
                </span>
                {m.priced ? null : <span className="block text-xs text-amber-700 dark:text-amber-300">no price set</span>}
              </td>
              <td className={`${cell} text-right tabular-nums`}>{formatCount(m.generations)}</td>
              <td className={`${cell} ${wideCell} text-right tabular-nums`}>
                {formatTokens(m.inputTokens)} / {formatTokens(m.outputTokens)}
              </td>
              <td className={`${cell} text-right tabular-nums`}>{formatUsd(m.costUsd)}</td>
            </tr>
          ))}
        </AdminTable>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <AdminTable
          caption="Recent webhook events"
          columns={[{ label: "Received" }, { label: "Type" }, { label: "Outcome", wide: true }]}
          empty="No webhook deliveries yet."
          actions={
            <Link href="/admin/webhooks" className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-300">
              All webhooks
            </Link>
          }
        >
          {o.webhookEvents.map((e) => (
            <tr key={e.id}>
              <td className={`${cell} whitespace-nowrap`}>{formatDateTime(e.receivedAt)}</td>
              <td className={cell}>
                <Link href={`/admin/webhooks/${encodeURIComponent(e.id)}`} className="hover:underline">
                  {e.type}
                </Link>
              </td>
              <td className={`${cell} ${wideCell} text-xs`}>{e.outcome}</td>
            </tr>
          ))}
        </AdminTable>
        <AdminTable
          caption="Recent reconciliation runs"
          columns={[{ label: "Started" }, { label: "Status" }, { label: "Counts", wide: true }]}
          empty="No reconciliation has run yet."
        >
          {o.reconcileRuns.map((r) => (
            <tr key={r.id}>
              <td className={`${cell} whitespace-nowrap`}>
                {formatDateTime(r.startedAt)}
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">{r.trigger}</span>
              </td>
              <td className={cell}>
                {r.status}
                {r.error ? <span className="block text-xs break-words text-red-700 dark:text-red-300">{r.error}</span> : null}
              </td>
              <td className={`${cell} ${wideCell} text-xs`}>
                {r.counts
                  ? Object.entries(r.counts)
                      .map(([k, v]) => `${k} ${v}`)
                      .join(" · ")
                  : "—"}
              </td>
            </tr>
          ))}
        </AdminTable>
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Counts and tokens are exact; costs are estimates at today&apos;s MODEL_PRICES; time to first token is within 2.5 %.
      </p>
    </>
  );
}
