// POST /api/outputs/{id}/messages body and GET query.
import { z } from "zod";
import { inputText, modelId } from "@/server/generation/input";

export const FollowUpBody = z.object({
  content: inputText("content"),
  model: modelId.optional(),
});

export const OutputId = z.string().uuid();

export const ThreadQuery = z.object({ cursor: z.string().max(200).nullish() });
