"use client";
// A modal built on the native <dialog>: focus moves in and back, Escape and the backdrop close it,
// and the page behind is inert while it is open.
import { type ReactNode, type RefObject, useEffect, useId } from "react";

export function Dialog({
  open,
  onClose,
  title,
  children,
  dialogRef,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  dialogRef: RefObject<HTMLDialogElement | null>;
}) {
  const titleId = useId();
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open, dialogRef]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes it; keyboards close it with Escape (native to <dialog>)
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? (
        <div className="flex flex-col gap-4 p-5 sm:p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
