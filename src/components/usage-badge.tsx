// "3 of 5 left today" or "Unlimited": always visible in the studio, announced when it changes.

export interface UsageSnapshot {
  tier: string;
  limit: number | null;
  remaining: number | null;
}

export function usageLabel(usage: UsageSnapshot): string {
  if (usage.limit === null || usage.remaining === null) return "Unlimited";
  return `${usage.remaining} of ${usage.limit} left`;
}

export function UsageBadge({ usage }: { usage: UsageSnapshot }) {
  const out = usage.remaining === 0;
  return (
    <p
      aria-live="polite"
      data-testid="usage"
      className={`inline-flex items-center gap-2 rounded-full border px-3 py-1 text-sm ${
        out
          ? "border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
          : "border-zinc-200 bg-white text-zinc-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200"
      }`}
    >
      <span className="text-zinc-500 dark:text-zinc-400">Today:</span>
      <strong className="font-semibold">{usageLabel(usage)}</strong>
    </p>
  );
}
