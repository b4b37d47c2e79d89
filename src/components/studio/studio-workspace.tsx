"use client";
// The studio's interactive part: pick a blueprint and model, write the brief, and stream the draft
// through useChat. Each Generate starts a fresh output; Regenerate / Try again repeat the last
// request as a new one. The brief stays in its box whatever happens; usage and locks refresh from
// the server after each draft.
import Link from "next/link";
import { type FormEvent, useRef, useState } from "react";
import { friendlyError, isRetryable } from "../api-error";
import { ErrorNotice } from "../error-notice";
import { ResetTime } from "../local-time";
import { ShortcutHint, submitOnModEnter } from "../shortcuts";
import { buttonClass, cardClass } from "../ui/styles";
import { UsageBadge, type UsageSnapshot } from "../usage-badge";
import { BlueprintPicker, type PickerBlueprint } from "./blueprint-picker";
import { DraftView } from "./draft-view";
import { type ModelOption, ModelSelect } from "./model-select";
import { type DraftRequest, useDraftStream } from "./use-draft-stream";

export interface StudioWorkspaceProps {
  blueprints: (PickerBlueprint & { inputHint: string })[];
  models: ModelOption[];
  usage: UsageSnapshot & { resetsAt: string };
  maxInputChars: number;
}

export function StudioWorkspace({ blueprints, models, usage, maxInputChars }: StudioWorkspaceProps) {
  const firstUsable = blueprints.find((b) => b.lockedReason === null)?.slug ?? "";
  const [blueprintSlug, setBlueprintSlug] = useState(firstUsable);
  const [model, setModel] = useState(models[0]?.id ?? "");
  const [input, setInput] = useState("");
  const request = useRef<DraftRequest>({ blueprintSlug, userInput: "", model });
  const [requested, setRequested] = useState(false);
  const draftRef = useRef<HTMLElement>(null);
  const { begin, stop, stopped, status, busy, error, clearError, draft, outputId } = useDraftStream();

  const selected = blueprints.find((b) => b.slug === blueprintSlug);
  const tooLong = input.length > maxInputChars;
  const outOfUses = usage.remaining === 0;
  const canGenerate = Boolean(selected && selected.lockedReason === null && input.trim() && !tooLong && !busy && model && !outOfUses);

  function start(body: DraftRequest) {
    request.current = body;
    setRequested(true);
    begin(body);
    // On one-column layouts the draft is below the form: bring it into view as it starts.
    if (window.matchMedia("(max-width: 1023px)").matches) draftRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  function generate(event: FormEvent) {
    event.preventDefault();
    if (!canGenerate) return;
    start({ blueprintSlug, userInput: input, model });
  }

  /** Regenerate / Try again: the same blueprint, brief and model as the draft shown, as a new draft. */
  const retry = requested && !busy ? () => start({ ...request.current }) : undefined;
  const retryBlocked = outOfUses ? "No generations left today" : undefined;
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
              onKeyDown={submitOnModEnter}
              placeholder={selected?.inputHint}
              aria-describedby="input-counter"
              aria-invalid={tooLong}
              aria-keyshortcuts="Control+Enter Meta+Enter"
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
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <button
              type="submit"
              disabled={!canGenerate}
              aria-describedby={outOfUses ? "out-of-uses" : undefined}
              className={buttonClass("primary", "lg")}
            >
              {busy ? "Generating…" : "Generate"}
            </button>
            {outOfUses ? null : <ShortcutHint action="generate" busy={busy} />}
          </div>
          {outOfUses ? (
            <p
              id="out-of-uses"
              data-testid="out-of-uses"
              className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-100"
            >
              You have used all {usage.limit} generations for today. They come back <ResetTime resetsAt={usage.resetsAt} />.{" "}
              <Link href="/pricing" className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300">
                Upgrade to PRO
              </Link>{" "}
              for unlimited drafts.
            </p>
          ) : null}
        </form>

        <section ref={draftRef} aria-labelledby="draft-heading" className="flex min-w-0 scroll-mt-4 flex-col gap-4">
          <h2 id="draft-heading" className="text-sm font-semibold">
            3. Your draft
          </h2>
          {error ? (
            <ErrorNotice
              error={friendlyError(error, "/studio", { producedText: Boolean(draft) })}
              onDismiss={clearError}
              retry={retry && !draft && isRetryable(error) ? { label: "Try again", onClick: retry, disabled: outOfUses } : undefined}
            />
          ) : null}
          {error && !draft ? null : (
            <DraftView
              text={draft}
              status={status}
              stopped={stopped}
              outputId={outputId}
              onStop={stop}
              onRetry={retry}
              retryBlocked={retryBlocked}
            />
          )}
        </section>
      </div>
    </div>
  );
}
