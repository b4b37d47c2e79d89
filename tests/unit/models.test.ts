// The model registry's rules, without a network: which models are offered for which config, the
// demo model's label and its refusal in production, and the demo model as a real LanguageModelV3.
import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import type { AppConfig } from "@/server/config";
import { isAppError } from "@/server/errors";
import { createModelRegistry, listModels, modelLabel, resolveModel } from "@/server/generation/models";
import { localStandInsFor } from "@/server/local";
import { testConfig } from "../support/context";

/** The registry as the composition root builds it: local mode's demo model as the fallback. */
const localRegistry = (config: AppConfig) => createModelRegistry(config, { fallback: localStandInsFor(config).demoModel });

function refusal(fn: () => unknown): { code: string; status: number } | undefined {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, status: error.status };
    throw error;
  }
  return undefined;
}

describe("which models are offered", () => {
  it("a model is offered only when its key (or server) is configured", () => {
    expect(listModels(createModelRegistry(testConfig({ OPENAI_API_KEY: "sk-test-000000000" }))).map((m) => m.id)).toEqual(["gpt"]);
    const all = createModelRegistry(
      testConfig({
        OPENAI_API_KEY: "sk-a-000000000",
        ANTHROPIC_API_KEY: "sk-ant-b-000000000",
        OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:9/v1",
        OPENAI_COMPATIBLE_MODEL: "llama3.2",
      }),
    );
    expect(all.entries.map((m) => [m.id, m.label, m.isDemo])).toEqual([
      ["claude", "Claude (claude-sonnet-4-5)", false],
      ["gpt", "GPT (gpt-4o)", false],
      ["local", "llama3.2 (OpenAI-compatible)", false],
    ]);
  });

  it("with no key at all, local mode offers only the demo model, labelled as such", () => {
    expect(listModels(localRegistry(testConfig()))).toEqual([{ id: "demo", label: "Demo model — no API key configured", isDemo: true }]);
    expect(modelLabel("demo", "demo-draft-1")).toBe("Demo model — no API key configured");
  });

  it("in production the demo model is refused: nothing is offered and generation is 503", () => {
    const registry = localRegistry({ ...testConfig(), isProduction: true });
    expect(registry.entries).toEqual([]);
    expect(refusal(() => resolveModel(registry, "demo"))).toEqual({ code: "unavailable:model", status: 503 });
  });

  it("asking for a model that is not configured is a 400, an unknown id too", () => {
    const registry = createModelRegistry(testConfig({ OPENAI_API_KEY: "sk-test-000000000" }));
    expect(refusal(() => resolveModel(registry, "claude"))).toEqual({ code: "bad_request:model_unavailable", status: 400 });
    expect(refusal(() => resolveModel(registry, "demo"))).toEqual({ code: "bad_request:model_unavailable", status: 400 });
    expect(refusal(() => resolveModel(registry, "gpt-2"))).toEqual({ code: "bad_request:model", status: 400 });
  });
});

describe("the demo model", () => {
  it("answers generateText too, with the blueprint's sections and the user's words, capped by maxOutputTokens", async () => {
    const demo = localRegistry(testConfig()).get("demo")!;
    const { text, usage, finishReason } = await generateText({
      model: demo.model,
      system: "Structure your answer like this:\n## Subject lines\nThree options.\n## Email\nThe body.",
      prompt: "Invoices for Ada at Example Corp.",
    });
    expect(text).toContain("## Subject lines");
    expect(text).toContain("_Three options._");
    expect(text).toContain("Invoices for Ada at Example Corp.");
    expect(text).toContain("Demo model — no API key configured");
    expect(finishReason).toBe("stop");
    expect(usage.outputTokens).toBeGreaterThan(0);
    const short = await generateText({ model: demo.model, prompt: "x", maxOutputTokens: 16 });
    expect(short.text.length).toBeLessThanOrEqual(64);
    expect(short.finishReason).toBe("length");
  });
});
