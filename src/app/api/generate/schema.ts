// POST /api/generate body. Extra fields (useChat's id, messages, trigger) are ignored.
import { z } from "zod";
import { inputText, modelId } from "@/server/generation/input";

export const GenerateBody = z.object({
  blueprintSlug: z.string().trim().min(1, "Choose a blueprint.").max(100),
  userInput: inputText("userInput"),
  model: modelId,
});
