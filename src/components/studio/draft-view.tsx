"use client";
// The streamed draft as rendered Markdown, with Stop while it streams and Copy / Continue after.
import Link from "next/link";
import { CopyButton } from "../copy-button";
import { Markdown } from "../markdown";
import { buttonClass, cardClass } from "../ui/styles";

type ChatStatus = "submitted" | "streaming" | "ready" | "error";

export interface DraftViewProps {
  text: string;
  status: ChatStatus;
  /** The person pressed Stop: the text so far is the whole draft. */
  stopped: boolean;
  outputId?: string;
  onStop: () => void;
}

export function DraftView({ text, status, stopped, outputId, onStop }: DraftViewProps) {
  const busy = status === "submitted" || status === "streaming";
  if (!text && !busy) {
    return (
      <div className={`${cardClass} grid min-h-48 place-items-center p-8 text-center text-sm text-zinc-500 dark:text-zinc-400`}>
        <p>Your draft streams in here as soon as you press Generate.</p>
      </div>
    );
  }
  return (
    <div className={`${cardClass} flex flex-col`} data-testid="draft" aria-busy={busy}>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400" aria-live="polite">
          {status === "submitted"
            ? "Starting…"
            : status === "streaming"
              ? "Writing…"
              : status === "error"
                ? "Stopped early"
                : stopped
                  ? "Stopped by you"
                  : "Done"}
        </p>
        <div className="flex flex-wrap gap-2">
          {busy ? (
            <button type="button" onClick={onStop} className={buttonClass("danger", "sm")}>
              Stop
            </button>
          ) : (
            <>
              <CopyButton text={text} />
              {outputId ? (
                <Link href={`/studio/outputs/${outputId}`} className={buttonClass("primary", "sm")}>
                  Continue this draft
                </Link>
              ) : null}
            </>
          )}
        </div>
      </div>
      <div className="max-h-[70vh] overflow-y-auto px-4 py-4 sm:px-6">
        {text ? <Markdown text={text} /> : <p className="animate-pulse text-sm text-zinc-500">Waiting for the model…</p>}
      </div>
    </div>
  );
}
