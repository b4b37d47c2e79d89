import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/app/_lib/viewer";
import { DeleteButton } from "@/components/drafts/delete-button";
import { RenameButton } from "@/components/drafts/rename-button";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass, cardClass, readingContainer } from "@/components/ui/styles";
import { listHistory } from "@/server/generation/history";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "History" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function HistoryPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const query = (first(params.q) ?? "").slice(0, 200).trim();
  const { ctx, identity } = await requireViewer(`/studio/history${query ? `?q=${encodeURIComponent(query)}` : ""}`);
  const [items, all] = await Promise.all([listHistory(ctx.db, identity.id, { query }), query ? listHistory(ctx.db, identity.id) : null]);
  const total = (all ?? items).length;

  return (
    <div className={`${readingContainer} pb-16`}>
      <PageHeader
        title="History"
        lead="Your last 20 drafts. Open one to read it again or keep refining it."
        actions={
          <Link href="/studio" className={buttonClass("primary", "md", "whitespace-nowrap")}>
            New draft
          </Link>
        }
      />
      {first(params.deleted) ? (
        <p
          role="status"
          className="mb-4 rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-100"
        >
          The draft was deleted.
        </p>
      ) : null}

      {total > 0 || query ? (
        <search className="mb-4 block">
          <form action="/studio/history" className="flex gap-2">
            <label htmlFor="history-search" className="sr-only">
              Search your drafts
            </label>
            <input
              id="history-search"
              type="search"
              name="q"
              defaultValue={query}
              maxLength={200}
              placeholder="Search titles, briefs and drafts"
              className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base placeholder:text-zinc-400 focus:border-brand-500 focus:outline-none sm:text-sm dark:border-zinc-700 dark:bg-zinc-950"
            />
            <button type="submit" className={buttonClass("secondary")}>
              Search
            </button>
          </form>
        </search>
      ) : null}

      {query ? (
        <p className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
          <span data-testid="search-summary">
            {items.length === 0 ? "No drafts match" : `${items.length} of ${total} ${total === 1 ? "draft matches" : "drafts match"}`} “
            {query}”.
          </span>
          <Link href="/studio/history" className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-300">
            Show all drafts
          </Link>
        </p>
      ) : null}

      {items.length === 0 && !query ? (
        <div className={`${cardClass} flex flex-col items-center gap-3 px-6 py-16 text-center`}>
          <h2 className="text-lg font-semibold">No drafts yet</h2>
          <p className="max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
            Everything you generate in the studio lands here, newest first, so you can come back and refine it.
          </p>
          <Link href="/studio" className={buttonClass("primary", "md", "mt-2")}>
            Write your first draft
          </Link>
        </div>
      ) : items.length > 0 ? (
        <ul className={`${cardClass} divide-y divide-zinc-200 overflow-hidden dark:divide-zinc-800`} aria-label="Your drafts">
          {items.map((item) => (
            <li
              key={item.id}
              data-testid="history-item"
              className="flex items-start gap-2 pr-2 hover:bg-zinc-50 has-[a:focus-visible]:bg-zinc-50 sm:pr-4 dark:hover:bg-zinc-800/40 dark:has-[a:focus-visible]:bg-zinc-800/40"
            >
              <Link href={`/studio/outputs/${item.id}`} className="flex min-w-0 flex-1 flex-col gap-1 px-4 py-4 sm:px-6">
                <span data-testid="history-title" className="truncate font-semibold">
                  {item.title}
                </span>
                <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
                  <span className="font-medium text-zinc-700 dark:text-zinc-300">{item.blueprintLabel}</span>
                  <span aria-hidden className="hidden sm:inline">
                    ·
                  </span>
                  <span className="hidden sm:inline">{item.modelLabel}</span>
                  <span aria-hidden>·</span>
                  <LocalTime value={item.createdAt} />
                  {item.status === "aborted" ? <Badge tone="amber">Stopped</Badge> : null}
                  {item.status === "failed" ? <Badge tone="red">Interrupted</Badge> : null}
                  {item.status === "streaming" ? <Badge tone="zinc">Writing</Badge> : null}
                  {item.shared ? <Badge tone="green">Shared</Badge> : null}
                </span>
                {item.firstLine && item.firstLine !== item.title ? (
                  <span className="truncate text-sm text-zinc-600 dark:text-zinc-400">{item.firstLine}</span>
                ) : null}
              </Link>
              <div className="flex shrink-0 items-center gap-1.5 pt-4">
                <RenameButton outputId={item.id} title={item.title} compact />
                {item.status === "streaming" ? null : <DeleteButton outputId={item.id} title={item.title} then="refresh" compact />}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {items.length > 0 && !query ? (
        <p className="mt-3 text-center text-xs text-zinc-500 dark:text-zinc-400">
          {total} of 20 kept. When a new draft would be the 21st, the oldest goes; delete a draft to free a slot.
        </p>
      ) : null}
    </div>
  );
}
