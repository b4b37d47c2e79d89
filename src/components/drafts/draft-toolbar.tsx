"use client";
// The actions on a draft's page: Regenerate (Try again for a failed draft) streams a new draft from
// the same blueprint, brief and model right here (it is metered and lands in the history as its own
// draft); Download; Share; Delete.
import { useState } from "react";
import { friendlyError } from "../api-error";
import { ErrorNotice } from "../error-notice";
import { ResetTime } from "../local-time";
import { DraftView } from "../studio/draft-view";
import { type DraftRequest, useDraftStream } from "../studio/use-draft-stream";
import { buttonClass } from "../ui/styles";
import { DeleteButton } from "./delete-button";
import { ExportMenu } from "./export-menu";
import { ShareButton, SharePanel, useShare } from "./share-panel";

export interface DraftToolbarProps {
  outputId: string;
  title: string;
  /** What a regeneration sends: the same request as the draft's own. */
  request: DraftRequest;
  failed: boolean;
  /** The draft has a finished reply with text (to download and share). */
  hasText: boolean;
  /** Still being written: nothing to regenerate or delete yet. */
  writing: boolean;
  shareUrl: string | null;
  usage: { limit: number | null; remaining: number | null; resetsAt: string };
}

function RefreshIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
      <path
        fillRule="evenodd"
        d="M15.3 11.4a5.5 5.5 0 0 1-9.2 2.5l-.3-.3h2.4a.75.75 0 0 0 0-1.5H4.5a.75.75 0 0 0-.75.75v3.7a.75.75 0 0 0 1.5 0v-2l.2.3a7 7 0 0 0 11.7-3.1.75.75 0 0 0-1.45-.4Zm-10.6-2.8a5.5 5.5 0 0 1 9.2-2.5l.3.3h-2.4a.75.75 0 0 0 0 1.5h3.7a.75.75 0 0 0 .75-.75V3.4a.75.75 0 0 0-1.5 0v2l-.2-.3A7 7 0 0 0 3.2 8.2a.75.75 0 1 0 1.45.4Z"
        clipRule="evenodd"
      />
    </svg>
  );
}

export function DraftToolbar({ outputId, title, request, failed, hasText, writing, shareUrl, usage }: DraftToolbarProps) {
  const sharing = useShare(outputId, shareUrl);
  const [started, setStarted] = useState(false);
  const { begin, stop, stopped, status, busy, error, clearError, draft, outputId: newOutputId } = useDraftStream();
  const outOfUses = usage.remaining === 0;

  function regenerate() {
    if (busy || outOfUses) return;
    setStarted(true);
    begin(request);
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Draft actions">
        <button
          type="button"
          onClick={regenerate}
          disabled={busy || outOfUses || writing}
          aria-describedby={outOfUses ? "regenerate-blocked" : undefined}
          className={buttonClass(failed ? "primary" : "secondary", "sm")}
        >
          <RefreshIcon />
          {failed ? "Try again" : "Regenerate"}
        </button>
        <ExportMenu outputId={outputId} disabled={!hasText} />
        <ShareButton shared={Boolean(sharing.url)} pending={sharing.pending} onShare={sharing.share} disabled={!hasText} />
        {writing ? null : <DeleteButton outputId={outputId} title={title} then="history" />}
      </div>
      {outOfUses ? (
        <p id="regenerate-blocked" className="text-sm text-zinc-600 dark:text-zinc-400">
          No generations left today, so Regenerate and follow-ups wait: they come back <ResetTime resetsAt={usage.resetsAt} />.{" "}
          <a href="/pricing" className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300">
            Upgrade to PRO
          </a>{" "}
          for unlimited drafts.
        </p>
      ) : null}
      <SharePanel url={sharing.url} pending={sharing.pending} problem={sharing.problem} onUnshare={sharing.unshare} />
      {started ? (
        <section aria-label="New draft" className="flex flex-col gap-3">
          <h2 className="text-sm font-semibold">New draft from the same brief</h2>
          {error ? (
            <ErrorNotice
              error={friendlyError(error, `/studio/outputs/${outputId}`, { producedText: Boolean(draft) })}
              onDismiss={clearError}
            />
          ) : null}
          {error && !draft ? null : (
            <DraftView
              text={draft}
              status={status}
              stopped={stopped}
              outputId={newOutputId}
              onStop={stop}
              continueLabel="Open the new draft"
            />
          )}
        </section>
      ) : null}
    </div>
  );
}
