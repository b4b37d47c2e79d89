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

function LockIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4 shrink-0">
      <path
        fillRule="evenodd"
        d="M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z"
        clipRule="evenodd"
      />
    </svg>
  );
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
              className={`relative flex flex-col rounded-xl border p-4 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-500 ${
                locked
                  ? "border-dashed border-zinc-300 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900/40"
                  : selected
                    ? "border-brand-500 bg-brand-50 ring-1 ring-brand-500 dark:bg-brand-700/15"
                    : "border-zinc-200 bg-white hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900/60 dark:hover:border-zinc-700"
              }`}
            >
              <div className="flex items-start justify-between gap-2">
                <span className="flex items-center gap-2 font-medium">
                  <input
                    id={`bp-${b.slug}`}
                    type="radio"
                    name="blueprint"
                    value={b.slug}
                    checked={selected}
                    disabled={locked}
                    onChange={() => onChange(b.slug)}
                    className="relative z-10 h-4 w-4 shrink-0 accent-brand-600"
                    aria-describedby={`bp-${b.slug}-desc${locked ? ` bp-${b.slug}-lock` : ""}`}
                  />
                  {/* The label stretches over the whole card, so a click anywhere on it picks the blueprint. */}
                  <label
                    htmlFor={`bp-${b.slug}`}
                    className={`after:absolute after:inset-0 after:rounded-xl ${locked ? "cursor-not-allowed text-zinc-500 dark:text-zinc-400" : "cursor-pointer"}`}
                  >
                    {b.label}
                  </label>
                </span>
                {b.isProOnly ? <Badge tone="brand">PRO</Badge> : <Badge tone="green">FREE</Badge>}
              </div>
              <p id={`bp-${b.slug}-desc`} className={`mt-1 text-sm text-zinc-600 dark:text-zinc-400 ${locked ? "hidden sm:block" : ""}`}>
                {b.description}
              </p>
              {locked ? (
                <div
                  id={`bp-${b.slug}-lock`}
                  className="relative z-10 mt-auto flex flex-wrap items-center justify-between gap-x-3 gap-y-1 pt-3 text-sm"
                >
                  <span className="flex items-center gap-1.5 font-medium text-zinc-700 dark:text-zinc-300">
                    <LockIcon />
                    {b.lockedReason}
                  </span>
                  <Link href="/pricing" className="font-medium text-brand-600 underline-offset-2 hover:underline dark:text-brand-300">
                    Upgrade<span className="sr-only"> to use {b.label}</span>
                  </Link>
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
