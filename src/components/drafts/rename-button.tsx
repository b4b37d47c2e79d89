"use client";
// Rename a draft: a pencil button that opens a small dialog with the title in a text box (1 to 80
// characters), saved through PATCH /api/outputs/{id}; the page then shows the new title.
import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";
import { friendlyError } from "../api-error";
import { Dialog } from "../ui/dialog";
import { buttonClass } from "../ui/styles";
import { useAction } from "../use-action";
import { renameDraft } from "./draft-api";

export const TITLE_MAX_CHARS = 80;

function PencilIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
      <path d="M13.6 3.4a2 2 0 0 1 2.8 0l.2.2a2 2 0 0 1 0 2.8l-8.9 8.9a2 2 0 0 1-.9.5l-3 .8a.5.5 0 0 1-.6-.6l.8-3a2 2 0 0 1 .5-.9l9.1-8.7Z" />
    </svg>
  );
}

export function RenameButton({ outputId, title, compact = false }: { outputId: string; title: string; compact?: boolean }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(title);
  const saving = useAction((error) => friendlyError(error).body);

  function save(event: FormEvent) {
    event.preventDefault();
    const next = value.replace(/\s+/g, " ").trim();
    if (!next) return saving.fail("The title cannot be empty.");
    void saving.run(async () => {
      await renameDraft(outputId, next);
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setValue(title);
          saving.reset();
          setOpen(true);
        }}
        className={buttonClass(compact ? "secondary" : "ghost", compact ? "icon" : "sm")}
        aria-label={`Rename “${title}”`}
        title="Rename"
      >
        <PencilIcon />
        {compact ? null : <span aria-hidden>Rename</span>}
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Rename draft" dialogRef={dialog}>
        <form onSubmit={save} className="flex flex-col gap-4">
          <div className="flex flex-col gap-1.5">
            <label htmlFor={`title-${outputId}`} className="text-sm font-medium">
              Title
            </label>
            <input
              id={`title-${outputId}`}
              value={value}
              maxLength={TITLE_MAX_CHARS}
              onChange={(e) => setValue(e.target.value)}
              autoFocus
              onFocus={(e) => e.currentTarget.select()}
              aria-invalid={Boolean(saving.problem)}
              aria-describedby={`title-${outputId}-hint`}
              className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base focus:border-brand-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-950"
            />
            <p id={`title-${outputId}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
              {value.length} / {TITLE_MAX_CHARS} characters
            </p>
            {saving.problem ? (
              <p role="alert" className="text-sm text-red-700 dark:text-red-300">
                {saving.problem}
              </p>
            ) : null}
          </div>
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => setOpen(false)} className={buttonClass("secondary")}>
              Cancel
            </button>
            <button type="submit" disabled={saving.busy} className={buttonClass("primary")}>
              {saving.busy ? "Saving…" : "Save title"}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
