// One figure with its label and an optional line under it (a split, a comparison).
import type { ReactNode } from "react";
import { cardClass } from "@/components/ui/styles";

export function StatCard({ label, value, note, testId }: { label: string; value: ReactNode; note?: ReactNode; testId?: string }) {
  return (
    <div className={`${cardClass} min-w-0 p-4`}>
      <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</p>
      <p className="mt-1 truncate text-2xl font-bold tabular-nums" data-testid={testId}>
        {value}
      </p>
      {note ? <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{note}</p> : null}
    </div>
  );
}
