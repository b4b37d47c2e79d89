"use client";
// The studio's interactive part: pick a blueprint and model, write the brief, and stream the draft
// through useChat. Each Generate starts a fresh output; usage and locks refresh from the server after.
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useMemo, useRef, useState } from "react";
import { apiFetch, friendlyError } from "../api-error";
import { lastAssistant, messageText, type StudioMessage } from "../chat-text";
import { ErrorNotice } from "../error-notice";
import { formatDateTime } from "../format";
import { buttonClass, cardClass } from "../ui/styles";
import { UsageBadge, type UsageSnapshot } from "../usage-badge";
import { BlueprintPicker, type PickerBlueprint } from "./blueprint-picker";
import { DraftView } from "./draft-view";
import { type ModelOption, ModelSelect } from "./model-select";

export interface StudioWorkspaceProps {
  blueprints: (PickerBlueprint & { inputHint: string })[];
  models: ModelOption[];
  usage: UsageSnapshot & { resetsAt: string };
  maxInputChars: number;
}

export function StudioWorkspace({ blueprints, models, usage, maxInputChars }: StudioWorkspaceProps) {
  const router = useRouter();
  const firstUsable = blueprints.find((b) => b.lockedReason === null)?.slug ?? "";
  const [blueprintSlug, setBlueprintSlug] = useState(firstUsable);
  const [model, setModel] = useState(models[0]?.id ?? "");
  const [input, setInput] = useState("");
  const request = useRef({ blueprintSlug, userInput: "", model });
  const draftRef = useRef<HTMLElement>(null);
  const [stopped, setStopped] = useState(false);

  const transport = useMemo(
    () =>
      new DefaultChatTransport<StudioMessage>({
        api: "/api/generate",
        fetch: apiFetch,
        // The generate route takes exactly {blueprintSlug, userInput, model}, not the chat history.
        prepareSendMessagesRequest: () => ({ body: { ...request.current } }),
      }),
    [],
  );
  const { messages, sendMessage, setMessages, status, stop, error, clearError } = useChat<StudioMessage>({
    transport,
    onFinish: () => router.refresh(),
    onError: () => router.refresh(),
  });

  const selected = blueprints.find((b) => b.slug === blueprintSlug);
  const busy = status === "submitted" || status === "streaming";
  const tooLong = input.length > maxInputChars;
  const outOfUses = usage.remaining === 0;
  const canGenerate = Boolean(selected && selected.lockedReason === null && input.trim() && !tooLong && !busy && model);

  const assistant = lastAssistant(messages);
  const draft = messageText(assistant);
  const outputId = assistant?.metadata?.outputId;

  function generate(event: FormEvent) {
    event.preventDefault();
    if (!canGenerate) return;
    request.current = { blueprintSlug, userInput: input, model };
    clearError();
    setStopped(false);
    setMessages([]);
    void sendMessage({ text: input });
    // On one-column layouts the draft is below the form: bring it into view as it starts.
    if (window.matchMedia("(max-width: 1023px)").matches) draftRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-wrap items-center gap-3">
        <UsageBadge usage={usage} />
        {usage.limit !== null ? (
          <a
            href="/pricing"
            className="text-sm font-medium underline text-brand-600 underline-offset-2 hover:underline dark:text-brand-300"
          >
            Go unlimited with PRO
          </a>
        ) : null}
      </div>

      <BlueprintPicker blueprints={blueprints} value={blueprintSlug} onChange={setBlueprintSlug} />

      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <form onSubmit={generate} className={`${cardClass} flex flex-col gap-4 p-4 sm:p-6`} aria-label="Generate a draft">
          <p className="text-sm font-semibold">2. Describe what you need</p>
          <ModelSelect models={models} value={model} onChange={setModel} />
          <div className="flex flex-col gap-1.5">
            <label htmlFor="user-input" className="text-sm font-medium">
              Your brief{selected ? ` for ${selected.label}` : ""}
            </label>
            <textarea
              id="user-input"
              name="userInput"
              rows={8}
              value={input}
              onChange={(e) => setInput(e.target.value)}
              placeholder={selected?.inputHint}
              aria-describedby="input-counter"
              aria-invalid={tooLong}
              className="w-full resize-y rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base leading-6 shadow-inner placeholder:text-zinc-400 focus:border-brand-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-950"
            />
            <p
              id="input-counter"
              className={`text-right text-xs ${tooLong ? "font-semibold text-red-700 dark:text-red-300" : "text-zinc-500"}`}
            >
              {input.length.toLocaleString("en-US")} / {maxInputChars.toLocaleString("en-US")} characters
              {tooLong ? " — please shorten your brief" : ""}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" disabled={!canGenerate} className={buttonClass("primary", "lg")}>
              {busy ? "Generating…" : "Generate"}
            </button>
            {outOfUses && !busy ? (
              <span className="text-sm text-zinc-600 dark:text-zinc-400">
                No generations left today; they reset {formatDateTime(usage.resetsAt)}.{" "}
                <Link href="/pricing" className="font-medium text-brand-600 underline underline-offset-2 dark:text-brand-300">
                  Go unlimited
                </Link>
              </span>
            ) : null}
          </div>
        </form>

        <section ref={draftRef} aria-labelledby="draft-heading" className="flex min-w-0 scroll-mt-4 flex-col gap-4">
          <h2 id="draft-heading" className="text-sm font-semibold">
            3. Your draft
          </h2>
          {error ? <ErrorNotice error={friendlyError(error, "/studio")} onDismiss={clearError} /> : null}
          {error && !draft ? null : (
            <DraftView
              text={draft}
              status={status}
              stopped={stopped}
              outputId={outputId}
              onStop={() => {
                setStopped(true);
                void stop();
              }}
            />
          )}
        </section>
      </div>
    </div>
  );
}
