"use client";
// One new draft streamed from POST /api/generate through useChat, as the studio and a draft's
// Regenerate both start it: `begin` sends a request (clearing the last draft and error), Escape or
// `stop` ends it early, and the server-rendered page refreshes when it settles (usage, history).
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { apiFetch } from "../api-error";
import { lastAssistant, messageText, type StudioMessage } from "../chat-text";
import { useEscapeToStop } from "../shortcuts";

export interface DraftRequest {
  blueprintSlug: string;
  userInput: string;
  model: string;
}

export function useDraftStream() {
  const router = useRouter();
  const sent = useRef<DraftRequest | null>(null);
  const [stopped, setStopped] = useState(false);
  const transport = useMemo(
    () =>
      new DefaultChatTransport<StudioMessage>({
        api: "/api/generate",
        fetch: apiFetch,
        // The generate route takes exactly {blueprintSlug, userInput, model}, not the chat history.
        prepareSendMessagesRequest: () => ({ body: { ...sent.current } }),
      }),
    [],
  );
  const {
    messages,
    sendMessage,
    setMessages,
    status,
    stop: stopChat,
    error,
    clearError,
  } = useChat<StudioMessage>({
    transport,
    onFinish: () => router.refresh(),
    onError: () => router.refresh(),
  });
  const busy = status === "submitted" || status === "streaming";

  const stop = useCallback(() => {
    setStopped(true);
    void stopChat();
  }, [stopChat]);
  useEscapeToStop(busy, stop);

  function begin(request: DraftRequest) {
    sent.current = request;
    clearError();
    setStopped(false);
    setMessages([]);
    void sendMessage({ text: request.userInput });
  }

  const assistant = lastAssistant(messages);
  return { begin, stop, stopped, status, busy, error, clearError, draft: messageText(assistant), outputId: assistant?.metadata?.outputId };
}
