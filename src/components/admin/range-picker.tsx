// The overview's range: 7, 30 or 90 days ending today (UTC), as links so the page stays a server page.
import Link from "next/link";

export function RangePicker({ days, choices }: { days: number; choices: readonly number[] }) {
  return (
    <nav aria-label="Range" className="inline-flex rounded-lg border border-zinc-300 p-0.5 dark:border-zinc-700">
      {choices.map((n) => (
        <Link
          key={n}
          href={`/admin?days=${n}`}
          aria-current={n === days ? "page" : undefined}
          className={`rounded-md px-3 py-1 text-sm font-medium ${
            n === days ? "bg-brand-600 text-white" : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800"
          }`}
        >
          {n} days
        </Link>
      ))}
    </nav>
  );
}
