import type { ReactNode } from "react";

type Tone = "brand" | "green" | "amber" | "zinc" | "red";

const tones: Record<Tone, string> = {
  brand: "bg-brand-100 text-brand-700 dark:bg-brand-700/30 dark:text-brand-100",
  green: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  amber: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100",
  zinc: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
  red: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
};

export function Badge({ tone = "zinc", children, className = "" }: { tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <span className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]} ${className}`}>
      {children}
    </span>
  );
}

export function TierBadge({ tier }: { tier: string }) {
  return <Badge tone={tier === "FREE" ? "green" : "brand"}>{tier}</Badge>;
}
