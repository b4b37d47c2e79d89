"use client";
// The blueprint cards as one radio group: arrow keys move between usable blueprints, locked ones
// stay visible with the reason and an upgrade link.
import Link from "next/link";
import { Badge } from "../ui/badge";

export interface PickerBlueprint {
  slug: string;
  label: string;
  description: string;
  isProOnly: boolean;
  lockedReason: string | null;
}

export function BlueprintPicker({
  blueprints,
  value,
  onChange,
}: {
  blueprints: PickerBlueprint[];
  value: string;
  onChange: (slug: string) => void;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-semibold">1. Choose a blueprint</legend>
      <div className="mt-3 grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {blueprints.map((b) => {
          const locked = b.lockedReason !== null;
          const selected = value === b.slug;
          return (
            <div
              key={b.slug}
              data-blueprint={b.slug}
              className={`relative flex flex-col rounded-xl border p-4 transition-colors ${
                locked
                  ? "border-dashed border-zinc-300 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900/40"
                  : selected
                    ? "border-brand-500 bg-brand-50 ring-1 ring-brand-500 dark:bg-brand-700/15"
                    : "border-zinc-200 bg-white hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900/60 dark:hover:border-zinc-700"
              }`}
            >
              <label className={`flex flex-1 flex-col gap-1 ${locked ? "cursor-not-allowed" : "cursor-pointer"}`}>
                <span className="flex items-start justify-between gap-2">
                  <span className="flex items-center gap-2 font-medium">
                    <input
                      type="radio"
                      name="blueprint"
                      value={b.slug}
                      checked={selected}
                      disabled={locked}
                      onChange={() => onChange(b.slug)}
                      className="h-4 w-4 accent-brand-600"
                      aria-describedby={`bp-${b.slug}-desc${locked ? ` bp-${b.slug}-lock` : ""}`}
                    />
                    <span className={locked ? "text-zinc-500 dark:text-zinc-400" : ""}>{b.label}</span>
                  </span>
                  {b.isProOnly ? <Badge tone="brand">PRO</Badge> : <Badge tone="green">FREE</Badge>}
                </span>
                <span id={`bp-${b.slug}-desc`} className="text-sm text-zinc-600 dark:text-zinc-400">
                  {b.description}
                </span>
              </label>
              {locked ? (
                <p id={`bp-${b.slug}-lock`} className="mt-3 flex flex-wrap items-center gap-x-2 text-sm text-zinc-700 dark:text-zinc-300">
                  <span aria-hidden>🔒</span>
                  <span>{b.lockedReason}</span>
                  <Link href="/pricing" className="font-medium text-brand-600 underline underline-offset-2 dark:text-brand-100">
                    Upgrade
                  </Link>
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
