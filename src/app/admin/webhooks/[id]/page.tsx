import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/app/_lib/viewer";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { OutcomeBadge } from "@/components/admin/outcome-badge";
import { AdminTable, cell } from "@/components/admin/table";
import { formatDateTime } from "@/components/format";
import { PageHeader } from "@/components/ui/page-header";
import { cardClass } from "@/components/ui/styles";
import { listAudit } from "@/server/admin/audit";
import { isReplayable, webhookEventDetail } from "@/server/admin/webhook-events";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhook event" };

export default async function WebhookEventPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requireAdmin();
  const { id } = await params;
  const [event, replays] = await Promise.all([webhookEventDetail(ctx.db, id), listAudit(ctx.db, { targetRef: id, limit: 20 })]);
  if (!event) notFound();
  const facts: [string, string][] = [
    ["Event id", event.id],
    ["Happened (Whop's time)", formatDateTime(event.occurredAt)],
    ["Received", formatDateTime(event.receivedAt)],
    ["Processed", formatDateTime(event.processedAt)],
    ["Waits for", event.waitsFor ?? "—"],
  ];
  return (
    <>
      <PageHeader
        title={event.type}
        lead={
          <span className="flex flex-wrap items-center gap-2">
            <OutcomeBadge outcome={event.outcome} />
            <span className="break-words">{event.outcome}</span>
          </span>
        }
        actions={
          <Link href="/admin/webhooks" className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300">
            ← All webhooks
          </Link>
        }
      />
      <section className={`${cardClass} grid gap-4 p-4 md:grid-cols-[1fr_auto]`} aria-label="Event">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
          {facts.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-zinc-500 dark:text-zinc-400">{term}</dt>
              <dd className="font-mono text-xs break-all sm:text-sm">{value}</dd>
            </div>
          ))}
        </dl>
        {isReplayable(event.outcome) ? (
          <div className="flex flex-col gap-2">
            <p className="max-w-xs text-sm text-zinc-600 dark:text-zinc-400">Not applied. Replay it once its cause is fixed.</p>
            <ConfirmAction action={{ kind: "replay", eventId: event.id }} label={`Replay ${event.type}`} />
          </div>
        ) : null}
      </section>
      <section className={`${cardClass} min-w-0 overflow-hidden`} aria-labelledby="payload-heading">
        <h2 id="payload-heading" className="px-4 pt-4 text-base font-semibold">
          Payload
        </h2>
        <pre className="mt-3 max-h-[32rem] overflow-auto bg-zinc-50 p-4 font-mono text-xs leading-5 text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200">
          {JSON.stringify(event.payload, null, 2)}
        </pre>
      </section>
      <AdminTable caption="Replays" columns={[{ label: "When" }, { label: "Result" }, { label: "Why" }]} empty="Never replayed.">
        {replays.map((a) => (
          <tr key={a.id}>
            <td className={`${cell} whitespace-nowrap`}>
              {formatDateTime(a.at)}
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">{a.actor}</span>
            </td>
            <td className={`${cell} text-xs break-words`}>{String(a.details?.after ?? "—")}</td>
            <td className={`${cell} break-words`}>{a.reason}</td>
          </tr>
        ))}
      </AdminTable>
    </>
  );
}
