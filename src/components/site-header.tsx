import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="border-b border-zinc-200 dark:border-zinc-800">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-lg bg-brand-600 text-sm text-white">
            S
          </span>
          AI SSA Studio
        </Link>
        <div className="flex items-center gap-4 text-sm">
          <Link href="/pricing" className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white">
            Pricing
          </Link>
          <Link href="/studio" className="rounded-lg bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
            Open studio
          </Link>
        </div>
      </nav>
    </header>
  );
}
