// One turn of a thread: the person's message as plain text, the model's as rendered Markdown.
import { CopyButton } from "../copy-button";
import { Markdown } from "../markdown";
import { Badge } from "../ui/badge";

export interface NodeView {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: "streaming" | "complete" | "failed" | "aborted";
  model: string | null;
}

export function ThreadMessage({ node }: { node: NodeView }) {
  if (node.role === "user") {
    return (
      <li className="flex justify-end" data-role="user">
        <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-brand-600 px-4 py-3 text-sm leading-6 break-words whitespace-pre-wrap text-white">
          <span className="sr-only">You: </span>
          {node.content}
        </div>
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
        <div className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
          <span className="font-medium">{node.model ?? "Model"}</span>
          {node.status === "aborted" ? <Badge tone="amber">Stopped</Badge> : null}
          {node.status === "failed" ? <Badge tone="red">Interrupted</Badge> : null}
          {streaming ? <span aria-live="polite">Writing…</span> : null}
        </div>
        {!streaming && node.content ? <CopyButton text={node.content} /> : null}
      </div>
      {node.content ? (
        <Markdown text={node.content} />
      ) : (
        <p className="text-sm text-zinc-500">{streaming ? "Waiting for the model…" : "No text."}</p>
      )}
    </li>
  );
}
