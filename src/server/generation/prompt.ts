// What the model is sent: the blueprint's instructions as the system prompt and the user's text
// as a user message, never concatenated. Follow-ups replay the thread as alternating messages.
import type { ModelMessage } from "ai";

export interface ThreadTurn {
  role: "user" | "assistant";
  content: string;
}

export interface ModelPrompt {
  system: string;
  messages: ModelMessage[];
}

export function firstGenerationPrompt(instructions: string, userInput: string): ModelPrompt {
  return { system: instructions, messages: [{ role: "user", content: userInput }] };
}

/** The earlier turns (oldest first) and the new request. Empty turns are dropped. */
export function followUpPrompt(instructions: string, thread: ThreadTurn[], content: string): ModelPrompt {
  const earlier: ModelMessage[] = thread
    .filter((t) => t.content.trim() !== "")
    .map((t) => (t.role === "user" ? { role: "user", content: t.content } : { role: "assistant", content: t.content }));
  return { system: instructions, messages: [...earlier, { role: "user", content }] };
}
