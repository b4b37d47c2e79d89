"use client";
// Grant PRO for N days (a comp) with a required reason; the page refreshes to show the grant.
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { formatDateTime } from "../format";
import { buttonClass } from "../ui/styles";
import { useAction } from "../use-action";
import { ActionMessage, errorText } from "./action-message";
import { grantComp } from "./admin-api";

const field =
  "w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100";

export function GrantCompForm({ identityId }: { identityId: string }) {
  const router = useRouter();
  const id = useId();
  const [days, setDays] = useState("30");
  const [reason, setReason] = useState("");
  const { busy, result, run } = useAction(errorText);

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const { grant } = await grantComp(identityId, Number(days), reason);
      setReason("");
      router.refresh();
      return `PRO granted until ${formatDateTime(grant.expiresAt, { year: true })}.`;
    });
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Grant PRO">
      <div className="grid gap-3 sm:grid-cols-[8rem_1fr]">
        <label className="flex flex-col gap-1 text-sm font-medium" htmlFor={`${id}-days`}>
          Days
          <input
            id={`${id}-days`}
            type="number"
            min={1}
            max={365}
            step={1}
            required
            value={days}
            onChange={(e) => setDays(e.target.value)}
            className={field}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium" htmlFor={`${id}-reason`}>
          Reason (kept in the audit log)
          <input
            id={`${id}-reason`}
            required
            minLength={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. Beta tester, support credit"
            className={field}
          />
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={busy} className={buttonClass("primary", "sm")}>
          {busy ? "Granting…" : "Grant PRO"}
        </button>
        <ActionMessage result={result} />
      </div>
    </form>
  );
}
