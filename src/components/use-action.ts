"use client";
// A button's or a form's request, one at a time: `busy` while it runs, then what came of it, a
// success line (what the action returned, if anything) or the error in words a person can act on.
import { useState } from "react";

export type ActionResult = { ok: boolean; text: string } | null;

export function useAction(describe: (error: unknown) => string) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult>(null);

  /** Runs `action`; a string it resolves to is the success line to show. */
  async function run(action: () => Promise<unknown>): Promise<void> {
    setBusy(true);
    setResult(null);
    try {
      const done = await action();
      setResult(typeof done === "string" && done ? { ok: true, text: done } : null);
    } catch (error) {
      setResult({ ok: false, text: describe(error) });
    } finally {
      setBusy(false);
    }
  }

  return {
    busy,
    result,
    problem: result && !result.ok ? result.text : null,
    run,
    fail: (text: string) => setResult({ ok: false, text }),
    reset: () => setResult(null),
  };
}
