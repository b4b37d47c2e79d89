import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/viewer";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { OutcomeBadge } from "@/components/admin/outcome-badge";
import { AdminTable, cell, wideCell } from "@/components/admin/table";
import { formatDateTime } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/styles";
import { isReplayable, listWebhookEvents, OUTCOME_KINDS, WEBHOOK_PAGE_SIZE } from "@/server/admin/webhook-events";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

const select = "rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx } = await requireAdmin();
  const params = await searchParams;
  const type = one(params.type);
  const outcome = one(params.outcome);
  const beforeRaw = one(params.before);
  const before = beforeRaw && !Number.isNaN(Date.parse(beforeRaw)) ? new Date(beforeRaw) : undefined;
  const { events, types } = await listWebhookEvents(ctx.db, { type, outcome, before });
  const last = events.at(-1);
  const older = new URLSearchParams({
    ...(type ? { type } : {}),
    ...(outcome ? { outcome } : {}),
    ...(last ? { before: last.receivedAt.toISOString() } : {}),
  });
  return (
    <>
      <PageHeader
        title="Webhooks"
        lead="Whop deliveries, newest first. An event that was not applied (ignored, stale, waiting) can be replayed once its cause is fixed; the replay goes through the same idempotent path and is audited."
      />
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter webhooks">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Type
          <select name="type" defaultValue={type ?? ""} className={select}>
            <option value="">All types</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Outcome
          <select name="outcome" defaultValue={outcome ?? ""} className={select}>
            <option value="">All outcomes</option>
            {OUTCOME_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={buttonClass("primary", "md")}>
          Filter
        </button>
        {type || outcome ? (
          <Link href="/admin/webhooks" className={buttonClass("ghost", "md")}>
            Clear
          </Link>
        ) : null}
      </form>
      <AdminTable
        caption={type || outcome ? "Matching events" : "All events"}
        columns={[{ label: "Received", wide: true }, { label: "Event" }, { label: "Outcome", wide: true }, { label: "" }]}
        empty="No webhook event matches."
      >
        {events.map((e) => (
          <tr key={e.id}>
            <td className={`${cell} ${wideCell} whitespace-nowrap`}>{formatDateTime(e.receivedAt)}</td>
            <td className={`${cell} max-w-[14rem] sm:max-w-none`}>
              <Link
                href={`/admin/webhooks/${encodeURIComponent(e.id)}`}
                className="font-medium text-brand-700 hover:underline dark:text-brand-300"
              >
                {e.type}
              </Link>
              <span className="block truncate font-mono text-xs text-zinc-500 dark:text-zinc-400">{e.id}</span>
              <span className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-zinc-500 sm:hidden dark:text-zinc-400">
                <OutcomeBadge outcome={e.outcome} />
                {formatDateTime(e.receivedAt)}
              </span>
            </td>
            <td className={`${cell} ${wideCell}`}>
              <span className="flex flex-wrap items-center gap-1.5">
                <OutcomeBadge outcome={e.outcome} />
                {e.replays ? <Badge tone="zinc">replayed ×{e.replays}</Badge> : null}
              </span>
              <span className="mt-1 block text-xs break-words text-zinc-600 dark:text-zinc-400">{e.outcome}</span>
            </td>
            <td className={cell}>
              {isReplayable(e.outcome) ? (
                <ConfirmAction action={{ kind: "replay", eventId: e.id }} label={`Replay ${e.type} ${e.id}`} />
              ) : null}
            </td>
          </tr>
        ))}
      </AdminTable>
      {last && events.length === WEBHOOK_PAGE_SIZE ? (
        <div>
          <Link href={`/admin/webhooks?${older}`} className={buttonClass("secondary", "sm")}>
            Older events
          </Link>
        </div>
      ) : null}
    </>
  );
}
