"use client";
// "Download": the latest draft or the whole thread, as Markdown or as a Word document. Plain links
// to GET /api/outputs/{id}/export, so the browser saves the file under the name the server gives.
import { useEffect, useRef } from "react";
import { buttonClass } from "../ui/styles";
import { exportHref } from "./draft-api";

const item =
  "flex flex-col rounded-lg px-3 py-2 text-left text-sm hover:bg-zinc-100 focus-visible:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800";

function DownloadIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
      <path d="M10.75 2.75a.75.75 0 0 0-1.5 0v8.6L6.3 8.24a.75.75 0 1 0-1.1 1.02l4.25 4.5a.75.75 0 0 0 1.1 0l4.25-4.5a.75.75 0 0 0-1.1-1.02l-2.95 3.11V2.75Z" />
      <path d="M3.5 12.75a.75.75 0 0 0-1.5 0v2.5A2.75 2.75 0 0 0 4.75 18h10.5A2.75 2.75 0 0 0 18 15.25v-2.5a.75.75 0 0 0-1.5 0v2.5c0 .69-.56 1.25-1.25 1.25H4.75c-.69 0-1.25-.56-1.25-1.25v-2.5Z" />
    </svg>
  );
}

export function ExportMenu({ outputId, disabled = false }: { outputId: string; disabled?: boolean }) {
  const menu = useRef<HTMLDetailsElement>(null);
  // Close on a click elsewhere or Escape, like any menu.
  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !details.contains(event.target as Node)) {
        details.open = false;
        if (event instanceof KeyboardEvent) details.querySelector("summary")?.focus();
      }
    };
    document.addEventListener("click", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("click", close);
      document.removeEventListener("keydown", close);
    };
  }, []);

  if (disabled) {
    return (
      <button type="button" disabled className={buttonClass("secondary", "sm")} title="There is no text to download yet">
        <DownloadIcon />
        Download
      </button>
    );
  }
  const links: { format: "md" | "docx"; scope: "latest" | "thread"; label: string; detail: string }[] = [
    { format: "md", scope: "latest", label: "Markdown (.md)", detail: "The latest draft" },
    { format: "docx", scope: "latest", label: "Word (.docx)", detail: "The latest draft" },
    { format: "md", scope: "thread", label: "Markdown (.md), whole thread", detail: "Your brief, every reply and follow-up" },
    { format: "docx", scope: "thread", label: "Word (.docx), whole thread", detail: "Your brief, every reply and follow-up" },
  ];
  return (
    <details ref={menu} className="group relative">
      <summary className={`${buttonClass("secondary", "sm")} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>
        <DownloadIcon />
        Download
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4 transition-transform group-open:rotate-180">
          <path
            fillRule="evenodd"
            d="M5.2 7.2a.75.75 0 0 1 1.06.02L10 11.17l3.74-3.95a.75.75 0 1 1 1.08 1.04l-4.25 4.5a.75.75 0 0 1-1.08 0l-4.25-4.5a.75.75 0 0 1 .02-1.06Z"
            clipRule="evenodd"
          />
        </svg>
      </summary>
      <div className="absolute left-0 z-20 mt-2 w-72 max-w-[calc(100vw-2rem)] rounded-xl border border-zinc-200 bg-white p-1.5 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
        {links.map((l) => (
          <a
            key={`${l.format}-${l.scope}`}
            href={exportHref(outputId, l.format, l.scope)}
            download
            className={item}
            onClick={() => {
              if (menu.current) menu.current.open = false;
            }}
          >
            <span className="font-medium">{l.label}</span>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">{l.detail}</span>
          </a>
        ))}
      </div>
    </details>
  );
}
