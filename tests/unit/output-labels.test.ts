// An output's page names the model of each turn from what was stored with the output, so a draft
// made by a model that is no longer configured still says which model wrote it.
import { describe, expect, it } from "vitest";
import { DEMO_MODEL_LABEL } from "@/server/generation/models";
import { modelLabelsFor } from "@/server/ui/output";

const offeredNow = [{ id: "claude", label: "Claude (claude-sonnet-4-5)", isDemo: false }];

describe("model labels on an output's page", () => {
  it("the output's own model shows the provider model stored with it, even when it is no longer offered", () => {
    const labelOf = modelLabelsFor({ model: "gpt", providerModel: "gpt-4o-2024-08-06" }, offeredNow);
    expect(labelOf("gpt")).toBe("GPT (gpt-4o-2024-08-06)");
  });

  it("a follow-up by another model shows that model's label as offered now, or its name when not offered", () => {
    const labelOf = modelLabelsFor({ model: "gpt", providerModel: "gpt-4o" }, offeredNow);
    expect(labelOf("claude")).toBe("Claude (claude-sonnet-4-5)");
    expect(labelOf("local")).toBe("local model (OpenAI-compatible)");
  });

  it("the demo model always says what it is, and a turn without a model has no label", () => {
    const labelOf = modelLabelsFor({ model: "demo", providerModel: "demo-structured-draft" }, []);
    expect(labelOf("demo")).toBe(DEMO_MODEL_LABEL);
    expect(labelOf(null)).toBeNull();
  });

  it("an output stored before the provider model was kept still gets a readable label", () => {
    expect(modelLabelsFor({ model: "claude", providerModel: null }, [])("claude")).toBe("Claude (Anthropic)");
  });
});
