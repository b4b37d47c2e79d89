// Helpers over AI SDK UI messages: the visible text and the metadata the generation stream attaches.
import type { UIMessage } from "ai";

export interface OutputMetadata {
  outputId?: string;
  model?: string;
  modelLabel?: string;
}

export type StudioMessage = UIMessage<OutputMetadata>;

export function messageText(message: UIMessage | undefined): string {
  if (!message) return "";
  return message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

export function lastAssistant<M extends UIMessage>(messages: M[]): M | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === "assistant") return messages[i];
  return undefined;
}
