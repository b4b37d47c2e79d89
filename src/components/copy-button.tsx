"use client";
// Copy (the Markdown as written) and Copy as rich text (the rendered draft, so headings, lists and
// bold survive a paste into Google Docs, Word or an email; plain-text editors get the plain text).
import { type RefObject, useEffect, useRef, useState } from "react";
import { buttonClass } from "./ui/styles";

type CopyState = "idle" | "copied" | "failed";

function useCopyState(): [CopyState, (ok: boolean) => void] {
  const [state, setState] = useState<CopyState>("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [
    state,
    (ok) => {
      setState(ok ? "copied" : "failed");
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setState("idle"), 2000);
    },
  ];
}

function CopyLabel({ state, label }: { state: CopyState; label: string }) {
  return <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}</span>;
}

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, done] = useCopyState();
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      done(true);
    } catch {
      done(false);
    }
  }
  return (
    <button type="button" onClick={copy} disabled={!text} className={buttonClass("secondary", "sm")}>
      <CopyLabel state={state} label={label} />
    </button>
  );
}

/** Copies the rendered element as HTML with a plain-text twin. */
export function CopyRichButton({ source, label = "Copy as rich text" }: { source: RefObject<HTMLElement | null>; label?: string }) {
  const [state, done] = useCopyState();
  async function copy() {
    const element = source.current;
    if (!element) return done(false);
    const html = `<meta charset="utf-8">${element.innerHTML}`;
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text keeps the line breaks between blocks; textContent runs them together
    const plain = element.innerText;
    try {
      if (typeof ClipboardItem === "undefined") throw new Error("no rich clipboard");
      await navigator.clipboard.write([
        new ClipboardItem({
          "text/html": new Blob([html], { type: "text/html" }),
          "text/plain": new Blob([plain], { type: "text/plain" }),
        }),
      ]);
      done(true);
    } catch {
      // Browsers without rich clipboard access still get the words.
      try {
        await navigator.clipboard.writeText(plain);
        done(true);
      } catch {
        done(false);
      }
    }
  }
  return (
    <button type="button" onClick={copy} className={buttonClass("secondary", "sm")}>
      <CopyLabel state={state} label={label} />
    </button>
  );
}
