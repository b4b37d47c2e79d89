"use client";
// A button that opens a small inline form asking why, then runs an admin action and refreshes the
// page: revoking a comp (reason required) and replaying a webhook (reason optional).
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { buttonClass } from "../ui/styles";
import { useAction } from "../use-action";
import { ActionMessage, errorText } from "./action-message";
import { replayWebhook, revokeComp } from "./admin-api";

type Action = { kind: "revoke"; grantId: string } | { kind: "replay"; eventId: string };

const LABELS = {
  revoke: { open: "Revoke", confirm: "Revoke comp", busy: "Revoking…", reason: "Reason (required)", done: "Revoked." },
  replay: { open: "Replay", confirm: "Replay event", busy: "Replaying…", reason: "Reason (optional)", done: "" },
};

export function ConfirmAction({ action, label }: { action: Action; label?: string }) {
  const router = useRouter();
  const id = useId();
  const words = LABELS[action.kind];
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const { busy, result, run } = useAction(errorText);

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      let done = words.done;
      if (action.kind === "revoke") await revokeComp(action.grantId, reason);
      else done = `Replayed: ${(await replayWebhook(action.eventId, reason)).outcome}`;
      setOpen(false);
      router.refresh();
      return done;
    });
  }

  if (!open)
    return (
      <div className="flex flex-col items-start gap-1">
        <button
          type="button"
          onClick={() => setOpen(true)}
          className={buttonClass(action.kind === "revoke" ? "danger" : "secondary", "sm")}
          aria-label={label}
        >
          {words.open}
        </button>
        <ActionMessage result={result} />
      </div>
    );
  return (
    <form onSubmit={submit} className="flex min-w-[14rem] flex-col gap-2">
      <label htmlFor={`${id}-reason`} className="text-xs font-medium">
        {words.reason}
      </label>
      <input
        id={`${id}-reason`}
        required={action.kind === "revoke"}
        minLength={action.kind === "revoke" ? 3 : undefined}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        // biome-ignore lint/a11y/noAutofocus: the field the admin just asked for
        autoFocus
        className="rounded-lg border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
      />
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={busy} className={buttonClass(action.kind === "revoke" ? "destructive" : "primary", "sm")}>
          {busy ? words.busy : words.confirm}
        </button>
        <button type="button" onClick={() => setOpen(false)} className={buttonClass("ghost", "sm")}>
          Cancel
        </button>
      </div>
      <ActionMessage result={result} />
    </form>
  );
}
