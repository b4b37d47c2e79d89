"use client";
// Share a draft as a read-only public link, copy it, and stop sharing (the link then leads nowhere).
import { useState } from "react";
import { friendlyError } from "../api-error";
import { CopyButton } from "../copy-button";
import { buttonClass } from "../ui/styles";
import { shareDraft, unshareDraft } from "./draft-api";

function LinkIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
      <path d="M12.23 4.64a2.75 2.75 0 0 1 3.89 3.89l-1.72 1.72a.75.75 0 1 0 1.06 1.06l1.72-1.72a4.25 4.25 0 0 0-6.01-6.01L8.45 5.3a4.25 4.25 0 0 0 0 6.01.75.75 0 1 0 1.06-1.06 2.75 2.75 0 0 1 0-3.89l2.72-2.72Z" />
      <path d="M7.77 15.36a2.75 2.75 0 0 1-3.89-3.89l1.72-1.72a.75.75 0 0 0-1.06-1.06l-1.72 1.72a4.25 4.25 0 0 0 6.01 6.01l2.72-2.72a4.25 4.25 0 0 0 0-6.01.75.75 0 1 0-1.06 1.06 2.75 2.75 0 0 1 0 3.89l-2.72 2.72Z" />
    </svg>
  );
}

export function useShare(outputId: string, initialUrl: string | null) {
  const [url, setUrl] = useState(initialUrl);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (action: () => Promise<string | null>) => {
    setPending(true);
    setProblem(null);
    try {
      setUrl(await action());
    } catch (error) {
      setProblem(friendlyError(error).body);
    } finally {
      setPending(false);
    }
  };
  return {
    url,
    pending,
    problem,
    share: () => run(async () => (await shareDraft(outputId)).url),
    unshare: () =>
      run(async () => {
        await unshareDraft(outputId);
        return null;
      }),
  };
}

export function ShareButton({
  shared,
  pending,
  onShare,
  disabled,
}: {
  shared: boolean;
  pending: boolean;
  onShare: () => void;
  disabled?: boolean;
}) {
  if (shared) {
    // The panel below holds the link and "Stop sharing"; here it only says so.
    return (
      <span className="inline-flex items-center gap-2 rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-1.5 text-sm font-medium text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-200">
        <LinkIcon />
        Shared
      </span>
    );
  }
  return (
    <button
      type="button"
      onClick={onShare}
      disabled={pending || disabled}
      title={disabled ? "There is no text to share yet" : undefined}
      className={buttonClass("secondary", "sm")}
    >
      <LinkIcon />
      {pending ? "Sharing…" : "Share"}
    </button>
  );
}

export function SharePanel({
  url,
  pending,
  problem,
  onUnshare,
}: {
  url: string | null;
  pending: boolean;
  problem: string | null;
  onUnshare: () => void;
}) {
  if (!url && !problem) return null;
  return (
    <section
      aria-label="Sharing"
      className="flex flex-col gap-3 rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-950 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-100"
    >
      {url ? (
        <>
          <p>
            <strong className="font-semibold">Anyone with this link can read the latest draft.</strong> It shows the blueprint, the draft
            and its date; never your email or your brief. Stop sharing and the link stops working.
          </p>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <label htmlFor="share-url" className="sr-only">
              Share link
            </label>
            <input
              id="share-url"
              readOnly
              value={url}
              onFocus={(e) => e.currentTarget.select()}
              className="min-w-0 flex-1 rounded-lg border border-emerald-300 bg-white px-3 py-1.5 font-mono text-xs text-zinc-900 dark:border-emerald-800 dark:bg-zinc-950 dark:text-zinc-100"
            />
            <div className="flex shrink-0 flex-wrap gap-2">
              <CopyButton text={url} label="Copy link" />
              <a href={url} target="_blank" rel="noopener noreferrer" className={buttonClass("secondary", "sm")}>
                Open
              </a>
              <button type="button" onClick={onUnshare} disabled={pending} className={buttonClass("danger", "sm")}>
                {pending ? "Stopping…" : "Stop sharing"}
              </button>
            </div>
          </div>
        </>
      ) : null}
      {problem ? (
        <p role="alert" className="text-red-800 dark:text-red-200">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
