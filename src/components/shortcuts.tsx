"use client";
// Keyboard shortcuts of the writing boxes: Ctrl+Enter (⌘+Enter on a Mac) sends, Escape stops a
// draft that is streaming. The hint by each button names the keys of the viewer's own platform.
import { type KeyboardEvent, useEffect } from "react";
import { useHydrated } from "./use-hydrated";

/** For a textarea's onKeyDown: Ctrl/Cmd+Enter submits its form (through the form's own checks). */
export function submitOnModEnter(event: KeyboardEvent<HTMLTextAreaElement>): void {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.nativeEvent.isComposing) return;
  event.preventDefault();
  event.currentTarget.form?.requestSubmit();
}

/** While `active`, Escape anywhere on the page calls `stop`. */
export function useEscapeToStop(active: boolean, stop: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) stop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active, stop]);
}

function isMac(): boolean {
  const platform = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? "";
  return /mac|iphone|ipad/i.test(platform);
}

const kbd =
  "rounded border border-zinc-300 bg-zinc-50 px-1 py-px font-sans text-[0.7rem] font-medium text-zinc-600 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-300";

/** "Ctrl Enter to send · Esc to stop", with the Mac's ⌘ where it applies. */
export function ShortcutHint({ action, busy = false, id }: { action: string; busy?: boolean; id?: string }) {
  const mac = useHydrated() && isMac();
  return (
    <span id={id} className="hidden text-xs text-zinc-500 sm:inline dark:text-zinc-400">
      {busy ? (
        <>
          <kbd className={kbd}>Esc</kbd> to stop
        </>
      ) : (
        <>
          <kbd className={kbd}>{mac ? "⌘" : "Ctrl"}</kbd> <kbd className={kbd}>Enter</kbd> to {action}
        </>
      )}
    </span>
  );
}
