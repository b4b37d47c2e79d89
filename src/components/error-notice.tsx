import Link from "next/link";
import type { FriendlyError } from "./api-error";

/** An error explained in words, with the one action that helps (sign in, upgrade), announced to screen readers. */
export function ErrorNotice({
  error,
  onDismiss,
  retry,
}: {
  error: FriendlyError;
  onDismiss?: () => void;
  /** "Try again", for failures that another attempt can fix. */
  retry?: { label: string; onClick: () => void; disabled?: boolean };
}) {
  return (
    <div
      role="alert"
      className="flex flex-col gap-3 rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-900 sm:flex-row sm:items-start sm:justify-between dark:border-red-900 dark:bg-red-950/50 dark:text-red-100"
    >
      <div className="min-w-0">
        <p className="font-semibold">{error.title}</p>
        <p className="mt-1">{error.body}</p>
      </div>
      <div className="flex shrink-0 flex-wrap items-center gap-2">
        {retry ? (
          <button
            type="button"
            onClick={retry.onClick}
            disabled={retry.disabled}
            className="rounded-lg bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-50 dark:bg-red-600 dark:hover:bg-red-500"
          >
            {retry.label}
          </button>
        ) : null}
        {error.action ? (
          <Link
            href={error.action.href}
            className="rounded-lg bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 dark:bg-red-600 dark:hover:bg-red-500"
          >
            {error.action.label}
          </Link>
        ) : null}
        {onDismiss ? (
          <button type="button" onClick={onDismiss} className="rounded-lg px-3 py-1.5 font-medium hover:bg-red-100 dark:hover:bg-red-900">
            Dismiss
          </button>
        ) : null}
      </div>
    </div>
  );
}
