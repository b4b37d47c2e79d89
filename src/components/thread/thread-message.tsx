"use client";
// One turn of a thread: the person's message as plain text, the model's as rendered Markdown with
// Copy, Copy as rich text, and its words and characters. A reply still being written says so.
import { useRef } from "react";
import { CopyButton, CopyRichButton } from "../copy-button";
import { DraftStats } from "../draft-stats";
import { LocalTime } from "../local-time";
import { Markdown } from "../markdown";
import { Badge } from "../ui/badge";

export interface NodeView {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: "streaming" | "complete" | "failed" | "aborted";
  model: string | null;
  createdAt?: string;
}

export function ThreadMessage({ node }: { node: NodeView }) {
  const rendered = useRef<HTMLDivElement>(null);
  if (node.role === "user") {
    return (
      <li className="flex flex-col items-end gap-1" data-role="user">
        <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-brand-600 px-4 py-3 text-sm leading-6 break-words whitespace-pre-wrap text-white">
          <span className="sr-only">You: </span>
          {node.content}
        </div>
        {node.createdAt ? <LocalTime value={node.createdAt} className="text-xs text-zinc-500 dark:text-zinc-400" /> : null}
      </li>
    );
  }
  const streaming = node.status === "streaming";
  return (
    <li
      data-role="assistant"
      aria-busy={streaming}
      className="rounded-2xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-6 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
          <span className="font-medium">{node.model ?? "Model"}</span>
          {node.createdAt ? (
            <>
              <span aria-hidden>·</span>
              <LocalTime value={node.createdAt} />
            </>
          ) : null}
          {node.status === "aborted" ? <Badge tone="amber">Stopped</Badge> : null}
          {node.status === "failed" ? <Badge tone="red">Interrupted</Badge> : null}
          {streaming ? <span aria-live="polite">Writing…</span> : null}
        </div>
        {!streaming && node.content ? (
          <div className="flex flex-wrap gap-2">
            <CopyButton text={node.content} />
            <CopyRichButton source={rendered} />
          </div>
        ) : null}
      </div>
      {node.content ? (
        <Markdown ref={rendered} text={node.content} />
      ) : (
        <p className={`text-sm text-zinc-500 ${streaming ? "animate-pulse" : ""}`}>{streaming ? "Waiting for the model…" : "No text."}</p>
      )}
      {node.content ? <DraftStats text={node.content} className="mt-3" /> : null}
    </li>
  );
}
