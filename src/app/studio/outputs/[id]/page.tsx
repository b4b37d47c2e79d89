import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireViewer } from "@/app/_lib/viewer";
import { formatDateTime } from "@/components/format";
import { ThreadView } from "@/components/thread/thread-view";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass, readingContainer } from "@/components/ui/styles";
import { UsageBadge } from "@/components/usage-badge";
import { usageToday } from "@/server/access/quota";
import { loadThread } from "@/server/generation/conversation";
import { listModels } from "@/server/generation/models";
import { modelLabelsFor, outputSummary } from "@/server/ui/output";
import { MAX_INPUT_CHARS } from "@/server/ui/studio";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Draft" };

export default async function OutputPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { ctx, identity } = await requireViewer(`/studio/outputs/${encodeURIComponent(id)}`);
  const output = await outputSummary(ctx.db, identity.id, id);
  if (!output) notFound();
  const [page, usage] = await Promise.all([loadThread(ctx.db, identity.id, id), usageToday(ctx.db, identity.id, ctx.now())]);
  const models = listModels(ctx.models);
  const labelOf = modelLabelsFor(output, models);

  return (
    <div className={`${readingContainer} pb-16`}>
      <PageHeader
        title={output.blueprintLabel}
        lead={
          <span className="flex flex-wrap items-center gap-2 text-sm">
            <span>{labelOf(output.model)}</span>
            <span aria-hidden>·</span>
            <span>{formatDateTime(output.createdAt)}</span>
            {output.status === "aborted" ? <Badge tone="amber">Stopped</Badge> : null}
            {output.status === "failed" ? <Badge tone="red">Interrupted</Badge> : null}
          </span>
        }
        actions={
          <>
            <UsageBadge usage={usage} />
            <Link href="/studio/history" className={buttonClass("secondary", "sm")}>
              History
            </Link>
            <Link href="/studio" className={buttonClass("secondary", "sm")}>
              New draft
            </Link>
          </>
        }
      />
      <ThreadView
        outputId={output.id}
        firstPage={{ nodes: page.nodes.map((n) => ({ ...n, model: labelOf(n.model) })), nextCursor: page.nextCursor }}
        models={models}
        initialModel={output.model}
        maxInputChars={MAX_INPUT_CHARS}
      />
    </div>
  );
}
