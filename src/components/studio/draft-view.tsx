"use client";
// The streamed draft as rendered Markdown: Stop (or Escape) while it streams; after it, Copy, Copy
// as rich text, Regenerate (a finished draft) or Try again (a failed one), and Continue. Words and
// characters are counted under it.
import Link from "next/link";
import { useRef } from "react";
import { CopyButton, CopyRichButton } from "../copy-button";
import { DraftStats } from "../draft-stats";
import { Markdown } from "../markdown";
import { ShortcutHint } from "../shortcuts";
import { buttonClass, cardClass } from "../ui/styles";

type ChatStatus = "submitted" | "streaming" | "ready" | "error";

export interface DraftViewProps {
  text: string;
  status: ChatStatus;
  /** The person pressed Stop: the text so far is the whole draft. */
  stopped: boolean;
  outputId?: string;
  onStop: () => void;
  /** A new draft from the same blueprint, brief and model: "Regenerate" after a draft, "Try again" after a failure. */
  onRetry?: () => void;
  /** Why a new draft cannot start now (no generations left), shown as the button's description. */
  retryBlocked?: string;
  /** The link to the stored draft. */
  continueLabel?: string;
  placeholder?: string;
}

export function DraftView({
  text,
  status,
  stopped,
  outputId,
  onStop,
  onRetry,
  retryBlocked,
  continueLabel = "Continue this draft",
  placeholder = "Your draft streams in here as soon as you press Generate.",
}: DraftViewProps) {
  const rendered = useRef<HTMLDivElement>(null);
  const busy = status === "submitted" || status === "streaming";
  if (!text && !busy) {
    return (
      <div className={`${cardClass} grid min-h-48 place-items-center p-8 text-center text-sm text-zinc-500 dark:text-zinc-400`}>
        <p>{placeholder}</p>
      </div>
    );
  }
  const failed = status === "error";
  return (
    <div className={`${cardClass} flex flex-col`} data-testid="draft" aria-busy={busy}>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400" aria-live="polite">
          {status === "submitted"
            ? "Starting…"
            : status === "streaming"
              ? "Writing…"
              : failed
                ? "Stopped early"
                : stopped
                  ? "Stopped by you"
                  : "Done"}
        </p>
        <div className="flex flex-wrap gap-2">
          {busy ? (
            <button type="button" onClick={onStop} className={buttonClass("danger", "sm")} aria-keyshortcuts="Escape">
              Stop
            </button>
          ) : (
            <>
              <CopyButton text={text} />
              <CopyRichButton source={rendered} />
              {onRetry ? (
                <button
                  type="button"
                  onClick={onRetry}
                  disabled={Boolean(retryBlocked)}
                  title={retryBlocked}
                  className={buttonClass("secondary", "sm")}
                >
                  {failed ? "Try again" : "Regenerate"}
                </button>
              ) : null}
              {outputId ? (
                <Link href={`/studio/outputs/${outputId}`} className={buttonClass("primary", "sm")}>
                  {continueLabel}
                </Link>
              ) : null}
            </>
          )}
        </div>
      </div>
      <div className="max-h-[70vh] overflow-y-auto px-4 py-4 sm:px-6">
        {text ? <Markdown ref={rendered} text={text} /> : <p className="animate-pulse text-sm text-zinc-500">Waiting for the model…</p>}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <DraftStats text={text} />
        {busy ? <ShortcutHint action="stop" busy /> : null}
      </div>
    </div>
  );
}
