"use client";
// An output's conversation: the newest page arrives with the HTML, "Load older" pages back by cursor,
// and a follow-up streams in place below the thread through useChat. The server's pages stay the
// source of truth: when the page is refreshed (after a follow-up, or while a reply is still being
// written elsewhere) the fresh nodes replace the live ones. A follow-up that fails or is refused
// puts its text back in the box.
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useRouter } from "next/navigation";
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { apiFetch, friendlyError } from "../api-error";
import { messageText, type StudioMessage } from "../chat-text";
import { ErrorNotice } from "../error-notice";
import { ShortcutHint, submitOnModEnter, useEscapeToStop } from "../shortcuts";
import { type ModelOption, ModelSelect } from "../studio/model-select";
import { buttonClass, cardClass } from "../ui/styles";
import { type NodeView, ThreadMessage } from "./thread-message";

export interface ThreadPageView {
  nodes: NodeView[];
  nextCursor: string | null;
}

/** While a reply is being written by another tab or request, the page re-reads the thread this often. */
const WRITING_REFRESH_MS = 2500;

/** The fresh newest page, then the older nodes already loaded (node ids grow with time). */
function mergePages(fresh: ThreadPageView, loaded: NodeView[], cursor: string | null): { nodes: NodeView[]; cursor: string | null } {
  const oldest = Math.min(...fresh.nodes.map((n) => Number(n.id)));
  const older = loaded.filter((n) => Number(n.id) < oldest);
  return { nodes: [...fresh.nodes, ...older], cursor: older.length > 0 ? cursor : fresh.nextCursor };
}

export function ThreadView({
  outputId,
  firstPage,
  models,
  initialModel,
  maxInputChars,
}: {
  outputId: string;
  firstPage: ThreadPageView;
  models: ModelOption[];
  initialModel: string;
  maxInputChars: number;
}) {
  const router = useRouter();
  const api = `/api/outputs/${encodeURIComponent(outputId)}/messages`;
  // Newest first, as the API pages them; shown oldest first.
  const [loaded, setLoaded] = useState<NodeView[]>(firstPage.nodes);
  const [cursor, setCursor] = useState(firstPage.nextCursor);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<unknown>(null);
  const [content, setContent] = useState("");
  const [model, setModel] = useState(models.some((m) => m.id === initialModel) ? initialModel : (models[0]?.id ?? ""));
  const request = useRef({ content: "", model });

  const restoreText = useCallback(() => setContent((current) => current || request.current.content), []);
  const transport = useMemo(
    () =>
      new DefaultChatTransport<StudioMessage>({
        api,
        fetch: apiFetch,
        prepareSendMessagesRequest: () => ({ body: { ...request.current } }),
      }),
    [api],
  );
  const { messages, setMessages, sendMessage, status, stop, error, clearError } = useChat<StudioMessage>({
    transport,
    onFinish: ({ isError, isDisconnect }) => {
      if (isError || isDisconnect) restoreText();
      router.refresh();
    },
    onError: () => {
      restoreText();
      router.refresh();
    },
  });
  const busy = status === "submitted" || status === "streaming";
  const tooLong = content.length > maxInputChars;
  const writingElsewhere = !busy && loaded.some((n) => n.status === "streaming");

  // A refreshed first page from the server replaces what streamed live.
  const seenPage = useRef(firstPage);
  useEffect(() => {
    if (seenPage.current === firstPage || busy) return;
    seenPage.current = firstPage;
    const merged = mergePages(firstPage, loaded, cursor);
    setLoaded(merged.nodes);
    setCursor(merged.cursor);
    setMessages([]);
  }, [firstPage, busy, loaded, cursor, setMessages]);

  useEffect(() => {
    if (!writingElsewhere) return;
    const timer = setInterval(() => router.refresh(), WRITING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [writingElsewhere, router]);

  useEscapeToStop(busy, stop);

  async function loadOlder() {
    if (!cursor) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const response = await apiFetch(`${api}?cursor=${encodeURIComponent(cursor)}`);
      const page = (await response.json()) as ThreadPageView;
      setLoaded((nodes) => [...nodes, ...page.nodes.filter((n) => !nodes.some((m) => m.id === n.id))]);
      setCursor(page.nextCursor);
    } catch (err) {
      setOlderError(err);
    } finally {
      setLoadingOlder(false);
    }
  }

  function send(event: FormEvent) {
    event.preventDefault();
    if (busy || writingElsewhere || !content.trim() || tooLong) return;
    request.current = { content, model };
    clearError();
    void sendMessage({ text: content });
    setContent("");
  }

  const lastLive = messages.at(-1);
  const shown = [...loaded].reverse();
  return (
    <div className="flex flex-col gap-6">
      <ol className="flex flex-col gap-4" aria-label="Conversation">
        {cursor ? (
          <li className="flex justify-center">
            <button type="button" onClick={loadOlder} disabled={loadingOlder} className={buttonClass("secondary", "sm")}>
              {loadingOlder ? "Loading…" : "Load older"}
            </button>
          </li>
        ) : null}
        {olderError ? (
          <li>
            <ErrorNotice error={friendlyError(olderError, `/studio/outputs/${outputId}`)} onDismiss={() => setOlderError(null)} />
          </li>
        ) : null}
        {shown.map((node) => (
          <ThreadMessage key={node.id} node={node} />
        ))}
        {messages.map((m, i) => (
          <ThreadMessage
            key={m.id}
            node={{
              id: m.id,
              role: m.role === "user" ? "user" : "assistant",
              content: messageText(m),
              status:
                m.role === "assistant" && i === messages.length - 1 && busy ? "streaming" : m === lastLive && error ? "failed" : "complete",
              model: m.metadata?.modelLabel ?? m.metadata?.model ?? null,
            }}
          />
        ))}
      </ol>

      {error ? (
        <ErrorNotice
          error={friendlyError(error, `/studio/outputs/${outputId}`, {
            producedText: lastLive?.role === "assistant" && messageText(lastLive) !== "",
          })}
          onDismiss={clearError}
        />
      ) : null}

      <form id="follow-up" onSubmit={send} className={`${cardClass} flex flex-col gap-3 p-4 sm:p-5`} aria-label="Send a follow-up">
        <label htmlFor="follow-up-input" className="text-sm font-semibold">
          Refine this draft
        </label>
        <textarea
          id="follow-up-input"
          rows={3}
          value={content}
          onChange={(e) => setContent(e.target.value)}
          onKeyDown={submitOnModEnter}
          placeholder="For example: make the intro shorter and more concrete."
          aria-describedby="follow-up-counter"
          aria-invalid={tooLong}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          className="w-full resize-y rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base leading-6 placeholder:text-zinc-400 focus:border-brand-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-950"
        />
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div className="min-w-0 sm:max-w-sm sm:flex-1">
            <ModelSelect id="follow-up-model" models={models} value={model} onChange={setModel} />
          </div>
          <div className="flex shrink-0 flex-wrap items-center justify-end gap-3">
            <span
              id="follow-up-counter"
              className={`text-xs ${tooLong ? "font-semibold text-red-700 dark:text-red-300" : "text-zinc-500"}`}
            >
              {content.length.toLocaleString("en-US")} / {maxInputChars.toLocaleString("en-US")}
            </span>
            {busy ? (
              <button type="button" onClick={stop} className={buttonClass("danger")} aria-keyshortcuts="Escape">
                Stop
              </button>
            ) : (
              <button type="submit" disabled={!content.trim() || tooLong || writingElsewhere} className={buttonClass("primary")}>
                Send follow-up
              </button>
            )}
          </div>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {writingElsewhere
              ? "The model is still writing this draft; you can refine it once it has finished."
              : "A follow-up counts as one generation toward your daily limit."}
          </p>
          <ShortcutHint action="send" busy={busy} />
        </div>
      </form>
    </div>
  );
}
