import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireViewer } from "@/app/_lib/viewer";
import { DraftToolbar } from "@/components/drafts/draft-toolbar";
import { RenameButton } from "@/components/drafts/rename-button";
import { LocalTime } from "@/components/local-time";
import { ThreadView } from "@/components/thread/thread-view";
import { Badge } from "@/components/ui/badge";
import { buttonClass, readingContainer } from "@/components/ui/styles";
import { UsageBadge } from "@/components/usage-badge";
import { usageToday } from "@/server/access/quota";
import { findDraft } from "@/server/drafts/draft";
import { latestReply } from "@/server/drafts/nodes";
import { shareUrl } from "@/server/drafts/share";
import { loadThread } from "@/server/generation/conversation";
import { listModels } from "@/server/generation/models";
import { modelLabelsFor } from "@/server/ui/output";
import { MAX_INPUT_CHARS } from "@/server/ui/studio";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Draft" };

export default async function OutputPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { ctx, identity } = await requireViewer(`/studio/outputs/${encodeURIComponent(id)}`);
  const draft = await findDraft(ctx.db, identity.id, id);
  if (!draft) notFound();
  const [page, usage, reply] = await Promise.all([
    loadThread(ctx.db, identity.id, id),
    usageToday(ctx.db, identity.id, ctx.now()),
    latestReply(ctx.db, draft.id),
  ]);
  const models = listModels(ctx.models);
  const labelOf = modelLabelsFor(draft, models);
  const writing = draft.status === "streaming" || page.nodes.some((n) => n.status === "streaming");
  // The same model if it is still offered, else the default one (asking for a model that is gone is refused).
  const model = models.some((m) => m.id === draft.model) ? draft.model : (models[0]?.id ?? draft.model);

  return (
    <div className={`${readingContainer} pb-16`}>
      <div className="flex flex-col gap-4 pt-8 pb-6 sm:pt-10">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <UsageBadge usage={usage} />
          <div className="flex shrink-0 items-center gap-2">
            <Link href="/studio/history" className={buttonClass("secondary", "sm", "whitespace-nowrap")}>
              History
            </Link>
            <Link href="/studio" className={buttonClass("secondary", "sm", "whitespace-nowrap")}>
              New draft
            </Link>
          </div>
        </div>
        <div className="flex min-w-0 items-start gap-2">
          <h1 data-testid="draft-title" className="min-w-0 text-2xl font-bold tracking-tight break-words sm:text-3xl">
            {draft.title}
          </h1>
          <div className="mt-0.5 shrink-0 sm:mt-1">
            <RenameButton outputId={draft.id} title={draft.title} compact />
          </div>
        </div>
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
          <span className="font-medium text-zinc-800 dark:text-zinc-200">{draft.blueprintLabel}</span>
          <span aria-hidden>·</span>
          <span>{labelOf(draft.model)}</span>
          <span aria-hidden>·</span>
          <LocalTime value={draft.createdAt} />
          {draft.status === "aborted" ? <Badge tone="amber">Stopped</Badge> : null}
          {draft.status === "failed" ? <Badge tone="red">Interrupted</Badge> : null}
          {writing ? <Badge tone="zinc">Writing…</Badge> : null}
          {draft.shareToken ? <Badge tone="green">Shared</Badge> : null}
        </p>
        <DraftToolbar
          outputId={draft.id}
          title={draft.title}
          request={{ blueprintSlug: draft.blueprintSlug, userInput: draft.prompt, model }}
          failed={draft.status === "failed"}
          hasText={reply !== null}
          writing={writing}
          shareUrl={draft.shareToken ? shareUrl(ctx.config.appUrl, draft.shareToken) : null}
          usage={usage}
        />
      </div>
      <ThreadView
        outputId={draft.id}
        firstPage={{ nodes: page.nodes.map((n) => ({ ...n, model: labelOf(n.model) })), nextCursor: page.nextCursor }}
        models={models}
        initialModel={draft.model}
        maxInputChars={MAX_INPUT_CHARS}
      />
    </div>
  );
}
