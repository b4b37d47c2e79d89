import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/app/_lib/viewer";
import { formatDateTime } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass, cardClass, readingContainer } from "@/components/ui/styles";
import { listHistory } from "@/server/generation/history";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "History" };

export default async function HistoryPage() {
  const { ctx, identity } = await requireViewer("/studio/history");
  const items = await listHistory(ctx.db, identity.id);

  return (
    <div className={`${readingContainer} pb-16`}>
      <PageHeader
        title="History"
        lead="Your last 20 drafts. Open one to read it again or keep refining it."
        actions={
          <Link href="/studio" className={buttonClass("primary")}>
            New draft
          </Link>
        }
      />
      {items.length === 0 ? (
        <div className={`${cardClass} flex flex-col items-center gap-3 px-6 py-16 text-center`}>
          <h2 className="text-lg font-semibold">No drafts yet</h2>
          <p className="max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
            Everything you generate in the studio lands here, newest first, so you can come back and refine it.
          </p>
          <Link href="/studio" className={buttonClass("primary", "md", "mt-2")}>
            Write your first draft
          </Link>
        </div>
      ) : (
        <ul className={`${cardClass} divide-y divide-zinc-200 dark:divide-zinc-800`} aria-label="Your drafts">
          {items.map((item) => (
            <li key={item.id} data-testid="history-item">
              <Link
                href={`/studio/outputs/${item.id}`}
                className="flex flex-col gap-1 px-4 py-4 hover:bg-zinc-50 focus-visible:bg-zinc-50 sm:px-6 dark:hover:bg-zinc-800/50 dark:focus-visible:bg-zinc-800/50"
              >
                <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
                  <span className="font-semibold text-zinc-800 dark:text-zinc-200">{item.blueprintLabel}</span>
                  <span aria-hidden>·</span>
                  <span>{item.modelLabel}</span>
                  <span aria-hidden>·</span>
                  <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                  {item.status === "aborted" ? <Badge tone="amber">Stopped</Badge> : null}
                  {item.status === "failed" ? <Badge tone="red">Interrupted</Badge> : null}
                  {item.status === "streaming" ? <Badge tone="zinc">Writing</Badge> : null}
                </span>
                <span className="truncate font-medium">{item.firstLine || "(empty draft)"}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
