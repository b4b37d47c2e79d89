// Local mode's offline demo model: a real AI SDK LanguageModelV3 offered when no provider key is
// configured (never in production; the composition root hands it to the registry as its fallback).
// It sees exactly what a real model sees (system prompt and messages) and streams a structured
// Markdown draft: the blueprint's own section headings, filled from the input.
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import { DEMO_MODEL_ID, DEMO_MODEL_LABEL, type ModelEntry } from "../generation/models";

/** The registry entry for the demo model. */
export function demoModelEntry(options: { chunkDelayMs?: number } = {}): ModelEntry {
  const model = createDemoModel(options);
  return { id: DEMO_MODEL_ID, label: DEMO_MODEL_LABEL, isDemo: true, providerModelId: model.modelId, model };
}

export function createDemoModel(options: { chunkDelayMs?: number } = {}): LanguageModelV3 {
  const chunkDelayMs = options.chunkDelayMs ?? 12;
  return {
    specificationVersion: "v3",
    provider: "ai-ssa.demo",
    modelId: "demo-draft-1",
    supportedUrls: {},
    async doGenerate(call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
      const { text, truncated } = draftFor(call);
      return {
        content: [{ type: "text", text }],
        finishReason: { unified: truncated ? "length" : "stop", raw: truncated ? "length" : "stop" },
        usage: usageFor(call, text),
        warnings: [],
      };
    },
    async doStream(call: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
      const { text, truncated } = draftFor(call);
      const pieces = text.match(/\S+\s*|\s+/g) ?? [];
      const signal = call.abortSignal;
      let index = 0;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          controller.enqueue({ type: "stream-start", warnings: [] });
          controller.enqueue({ type: "text-start", id: "demo-text" });
        },
        async pull(controller) {
          if (signal?.aborted) {
            controller.error(signal.reason ?? new DOMException("aborted", "AbortError"));
            return;
          }
          if (index < pieces.length) {
            if (chunkDelayMs > 0) await new Promise((r) => setTimeout(r, chunkDelayMs));
            controller.enqueue({ type: "text-delta", id: "demo-text", delta: pieces[index++] as string });
            return;
          }
          controller.enqueue({ type: "text-end", id: "demo-text" });
          controller.enqueue({
            type: "finish",
            finishReason: { unified: truncated ? "length" : "stop", raw: truncated ? "length" : "stop" },
            usage: usageFor(call, text),
          });
          controller.close();
        },
      });
      return { stream };
    },
  };
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p) => (p && typeof p === "object" && "text" in p ? String((p as { text: unknown }).text) : "")).join("");
}

/** Builds the draft from the system prompt's section headings and the latest user message. */
export function draftFor(call: Pick<LanguageModelV3CallOptions, "prompt" | "maxOutputTokens">): { text: string; truncated: boolean } {
  const system = call.prompt
    .filter((m) => m.role === "system")
    .map((m) => textOf(m.content))
    .join("\n");
  const users = call.prompt.filter((m) => m.role === "user").map((m) => textOf(m.content).trim());
  const input = users.at(-1) ?? "";
  const isFollowUp = call.prompt.some((m) => m.role === "assistant");
  const subject = firstSentence(input);
  const lines: string[] = [];
  if (isFollowUp) {
    lines.push(
      "## Revision",
      "",
      `You asked: “${subject}”.`,
      "",
      "- Applied to the draft above.",
      "- Connect Claude or GPT for a real rewrite.",
    );
  } else {
    const sentences = input
      .split(/(?<=[.!?])\s+|\n+/)
      .map((t) => t.trim())
      .filter(Boolean);
    const systemLines = system.split("\n");
    const headingAt = systemLines.flatMap((l, i) => (/^#{1,3} /.test(l.trim()) ? [i] : []));
    if (headingAt.length === 0) lines.push(`# ${titleCase(subject)}`, "", ...sentences.map((t) => `- ${t}`), "");
    headingAt.forEach((at, n) => {
      const [, hashes = "#", name = ""] = (systemLines[at] ?? "").trim().match(/^(#{1,3}) (.*)$/) ?? [];
      if (name.startsWith("<")) {
        lines.push(`${hashes} ${titleCase(subject)}`, "");
        return;
      }
      // What the blueprint asks for in this section, then the user's own material placed under it.
      const guidance = systemLines.slice(at + 1).find((l) => l.trim() !== "" && !/^#{1,3} /.test(l.trim()));
      const material = sentences.length ? sentences[n % sentences.length] : "your brief";
      lines.push(`${hashes} ${name.replace(/:.*$/, "")}`, "");
      if (guidance) lines.push(`_${guidance.trim().replace(/[_*]/g, "").slice(0, 160)}_`, "");
      lines.push(`- From your brief: ${material}`, `- [Add a concrete detail for “${name.replace(/:.*$/, "").toLowerCase()}”.]`, "");
    });
  }
  lines.push("---", `_${DEMO_MODEL_LABEL}: this draft is assembled offline from the blueprint's structure and your text._`);
  const full = lines.join("\n").trim();
  const maxChars = (call.maxOutputTokens ?? 1024) * 4;
  return full.length > maxChars ? { text: full.slice(0, maxChars), truncated: true } : { text: full, truncated: false };
}

function firstSentence(input: string): string {
  const first = input.split(/(?<=[.!?])\s|\n/)[0]?.trim() ?? "";
  return (first || "Your draft").slice(0, 60);
}

function titleCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).replace(/[.!?]$/, "");
}

function usageFor(call: Pick<LanguageModelV3CallOptions, "prompt">, text: string): LanguageModelV3Usage {
  const inputChars = call.prompt.reduce((n, m) => n + textOf(m.content).length, 0);
  const input = Math.ceil(inputChars / 4);
  const output = Math.ceil(text.length / 4);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}
