"use client";
// Delete a draft, after a confirmation that names it. The history then has a free slot; from the
// draft's own page the person lands on the history.
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { friendlyError } from "../api-error";
import { Dialog } from "../ui/dialog";
import { buttonClass } from "../ui/styles";
import { useAction } from "../use-action";
import { deleteDraft } from "./draft-api";

function TrashIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
      <path
        fillRule="evenodd"
        d="M8.75 1A2.75 2.75 0 0 0 6 3.75v.44c-.79.08-1.57.18-2.34.31a.75.75 0 1 0 .25 1.48l.15-.02.84 10.52A2.75 2.75 0 0 0 7.64 19h4.72a2.75 2.75 0 0 0 2.74-2.52l.84-10.52.15.02a.75.75 0 1 0 .25-1.48A41 41 0 0 0 14 4.19v-.44A2.75 2.75 0 0 0 11.25 1h-2.5ZM10 4c.84 0 1.67.03 2.5.08v-.33c0-.69-.56-1.25-1.25-1.25h-2.5c-.69 0-1.25.56-1.25 1.25v.33C8.33 4.03 9.16 4 10 4Z"
        clipRule="evenodd"
      />
    </svg>
  );
}

export function DeleteButton({
  outputId,
  title,
  then,
  compact = false,
}: {
  outputId: string;
  title: string;
  /** "history": go to the history (from the draft's own page); "refresh": stay and reload the list. */
  then: "history" | "refresh";
  compact?: boolean;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const deleting = useAction((error) => friendlyError(error).body);

  function confirm() {
    void deleting.run(async () => {
      await deleteDraft(outputId);
      setOpen(false);
      if (then === "history") router.push("/studio/history?deleted=1");
      else router.refresh();
    });
  }

  return (
    <>
      <button
        type="button"
        onClick={() => {
          deleting.reset();
          setOpen(true);
        }}
        className={buttonClass("danger", compact ? "icon" : "sm")}
        aria-label={`Delete “${title}”`}
        title="Delete"
      >
        <TrashIcon />
        {compact ? null : <span aria-hidden>Delete</span>}
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Delete this draft?" dialogRef={dialog}>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          “<span className="font-medium text-zinc-900 dark:text-zinc-100">{title}</span>” and its whole thread will be deleted for good, and
          any share link stops working. This frees a slot in your history.
        </p>
        {deleting.problem ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {deleting.problem}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={() => setOpen(false)} className={buttonClass("secondary")}>
            Cancel
          </button>
          <button type="button" onClick={confirm} disabled={deleting.busy} className={buttonClass("destructive")}>
            {deleting.busy ? "Deleting…" : "Delete draft"}
          </button>
        </div>
      </Dialog>
    </>
  );
}
