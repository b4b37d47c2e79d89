// The UI message stream chunks for one text-only draft, straight from streamText's full stream:
// the same chunks toUIMessageStream({ messageMetadata, sendReasoning: false, onError }) writes for
// these parts, without its four extra stream stages per chunk. Drafts pass no tools, so no tool
// parts exist; reasoning and sources are not sent (as before); a file part has no place in a draft.
import type { ProviderMetadata, TextStreamPart, ToolSet, UIMessageChunk } from "ai";

export function uiChunkOf(
  part: TextStreamPart<ToolSet>,
  metadata: unknown,
  errorText: (error: unknown) => string,
): UIMessageChunk | undefined {
  switch (part.type) {
    case "text-start":
    case "text-end":
      return { type: part.type, id: part.id, ...providerMetadataOf(part) };
    case "text-delta":
      return { type: "text-delta", id: part.id, delta: part.text, ...providerMetadataOf(part) };
    case "start-step":
    case "finish-step":
      return { type: part.type };
    case "start":
      return { type: "start", messageMetadata: metadata };
    case "finish":
      return { type: "finish", finishReason: part.finishReason, messageMetadata: metadata };
    case "error":
      return { type: "error", errorText: errorText(part.error) };
    case "abort":
      return part;
    default:
      return undefined;
  }
}

const providerMetadataOf = (part: { providerMetadata?: ProviderMetadata }) =>
  part.providerMetadata != null ? { providerMetadata: part.providerMetadata } : {};
