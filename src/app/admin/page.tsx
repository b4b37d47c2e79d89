import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requireAdmin } from "@/app/_lib/viewer";
import { formatDateTime } from "@/components/format";
import { PageHeader } from "@/components/ui/page-header";
import { cardClass, pageContainer } from "@/components/ui/styles";
import { adminOverview } from "@/server/ui/admin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin", robots: { index: false } };

function Table({ caption, head, children, empty }: { caption: string; head: string[]; children: ReactNode[]; empty: string }) {
  return (
    <section className={`${cardClass} overflow-hidden`}>
      <h2 className="px-5 pt-5 text-lg font-semibold">{caption}</h2>
      {children.length === 0 ? (
        <p className="px-5 pt-2 pb-5 text-sm text-zinc-500">{empty}</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="bg-zinc-50 text-xs text-zinc-500 uppercase dark:bg-zinc-800/60 dark:text-zinc-400">
              <tr>
                {head.map((h) => (
                  <th key={h} scope="col" className="px-5 py-2 font-medium whitespace-nowrap">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const cell = "px-5 py-2 align-top";

export default async function AdminPage() {
  const { ctx } = await requireAdmin();
  const overview = await adminOverview(ctx.db, ctx.config, { days: 30, now: ctx.now() });
  return (
    <div className={`${pageContainer} flex flex-col gap-6 pb-16`}>
      <PageHeader title="Admin" lead="Identities, grants, webhook deliveries and reconciliation runs." />
      <div className="grid gap-4 sm:grid-cols-3">
        <div className={`${cardClass} p-5`}>
          <p className="text-sm text-zinc-500">Identities</p>
          <p className="mt-1 text-3xl font-bold" data-testid="admin-identities">
            {overview.identities}
          </p>
        </div>
        <div className={`${cardClass} p-5`}>
          <p className="text-sm text-zinc-500">Active PRO members</p>
          <p className="mt-1 text-3xl font-bold">{overview.activePro.total}</p>
        </div>
      </div>
      <Table caption="Recent webhook events" head={["Received", "Type", "Outcome", "Event id"]} empty="No webhook deliveries yet.">
        {overview.webhookEvents.map((e) => (
          <tr key={e.id}>
            <td className={`${cell} whitespace-nowrap`}>{formatDateTime(e.receivedAt)}</td>
            <td className={cell}>{e.type}</td>
            <td className={cell}>{e.outcome}</td>
            <td className={`${cell} font-mono text-xs break-all`}>{e.id}</td>
          </tr>
        ))}
      </Table>
      <Table caption="Recent reconciliation runs" head={["Started", "Trigger", "Status", "Counts"]} empty="No reconciliation has run yet.">
        {overview.reconcileRuns.map((r) => (
          <tr key={r.id}>
            <td className={`${cell} whitespace-nowrap`}>{formatDateTime(r.startedAt)}</td>
            <td className={cell}>{r.trigger}</td>
            <td className={cell}>
              {r.status}
              {r.error ? <span className="block text-xs text-red-700 dark:text-red-300">{r.error}</span> : null}
            </td>
            <td className={`${cell} text-xs`}>
              {r.counts
                ? Object.entries(r.counts)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(" · ")
                : "—"}
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
