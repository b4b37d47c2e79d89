// The public, read-only page of a shared draft: the blueprint, the latest draft and its date. No
// sign-in, nothing about the owner (not their email, name or brief), never indexed (the robots meta
// here, X-Robots-Tag from next.config). An unknown or revoked token is a 404.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DraftStats } from "@/components/draft-stats";
import { LocalTime } from "@/components/local-time";
import { Markdown } from "@/components/markdown";
import { buttonClass, cardClass, readingContainer } from "@/components/ui/styles";
import { getAppContext } from "@/server/context";
import { findSharedDraft } from "@/server/drafts/share";

export const dynamic = "force-dynamic";

type Params = Promise<{ token: string }>;

const NOINDEX = { index: false, follow: false, nocache: true, googleBot: { index: false, follow: false } };

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { token } = await params;
  const shared = await findSharedDraft((await getAppContext()).db, token);
  return {
    title: shared ? `A shared ${shared.blueprintLabel.toLowerCase()}` : "Shared draft",
    robots: NOINDEX,
    referrer: "no-referrer",
  };
}

export default async function SharedDraftPage({ params }: { params: Params }) {
  const { token } = await params;
  const shared = await findSharedDraft((await getAppContext()).db, token);
  if (!shared) notFound();
  return (
    <div className={`${readingContainer} pb-16`}>
      <header className="flex flex-col gap-2 pt-8 pb-6 sm:pt-10">
        <p className="text-sm font-medium text-brand-700 dark:text-brand-300">Shared from AI SSA Studio · read-only</p>
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{shared.blueprintLabel}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Written <LocalTime value={shared.writtenAt} />
        </p>
      </header>
      <article className={`${cardClass} p-4 sm:p-8`} data-testid="shared-draft">
        <Markdown text={shared.text} />
        <DraftStats text={shared.text} className="mt-6 border-t border-zinc-200 pt-3 dark:border-zinc-800" />
      </article>
      <aside className="mt-8 flex flex-col items-center gap-3 text-center">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Drafts like this one, from a blueprint and a few lines of brief.</p>
        <Link href="/" className={buttonClass("primary")}>
          Try AI SSA Studio
        </Link>
      </aside>
    </div>
  );
}
