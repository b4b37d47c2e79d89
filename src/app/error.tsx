"use client";

import Link from "next/link";
import { buttonClass, pageContainer } from "@/components/ui/styles";

// Shown when a page fails to render; the digest lets support find the server log line.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className={`${pageContainer} flex flex-col items-center py-24 text-center`}>
      <h1 className="text-3xl font-bold tracking-tight">Something went wrong</h1>
      <p className="mt-3 max-w-md text-zinc-600 dark:text-zinc-400">
        We could not load this page. Your drafts are safe; please try again in a moment.
      </p>
      {error.digest ? <p className="mt-2 text-xs text-zinc-500">Reference: {error.digest}</p> : null}
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <button type="button" onClick={reset} className={buttonClass("primary")}>
          Try again
        </button>
        <Link href="/" className={buttonClass("secondary")}>
          Home
        </Link>
      </div>
    </div>
  );
}
