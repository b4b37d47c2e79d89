// OpenAI's two streaming protocols: the Responses API (typed SSE events) and Chat Completions
// (`chat.completion.chunk` objects ending in `[DONE]`), with usage in the final event.
import type { ServerResponse } from "node:http";
import { paced, type Scenario, sse, usageOf } from "./sse";

export async function writeResponses(res: ServerResponse, scenario: Scenario, body: Record<string, unknown>): Promise<void> {
  const model = String(body.model ?? "gpt-test");
  const created = Math.floor(Date.now() / 1000);
  const itemId = "msg_local_1";
  await paced(res, scenario, {
    head: () =>
      sse(
        {
          type: "response.created",
          sequence_number: 0,
          response: { id: "resp_local_1", object: "response", created_at: created, model, status: "in_progress", output: [] },
        },
        "response.created",
      ) +
      sse(
        {
          type: "response.output_item.added",
          sequence_number: 1,
          output_index: 0,
          item: { type: "message", id: itemId, status: "in_progress", role: "assistant", content: [] },
        },
        "response.output_item.added",
      ),
    chunk: (delta, index) =>
      sse(
        {
          type: "response.output_text.delta",
          sequence_number: 2 + index,
          item_id: itemId,
          output_index: 0,
          content_index: 0,
          delta,
          logprobs: [],
        },
        "response.output_text.delta",
      ),
    tail: (text) => {
      const usage = usageOf(scenario, text);
      return (
        sse(
          {
            type: "response.output_item.done",
            sequence_number: 900,
            output_index: 0,
            item: {
              type: "message",
              id: itemId,
              status: "completed",
              role: "assistant",
              content: [{ type: "output_text", text, annotations: [] }],
            },
          },
          "response.output_item.done",
        ) +
        sse(
          {
            type: "response.completed",
            sequence_number: 901,
            response: {
              id: "resp_local_1",
              object: "response",
              created_at: created,
              model,
              status: "completed",
              usage: {
                input_tokens: usage.inputTokens,
                input_tokens_details: { cached_tokens: 0 },
                output_tokens: usage.outputTokens,
                output_tokens_details: { reasoning_tokens: 0 },
                total_tokens: usage.inputTokens + usage.outputTokens,
              },
            },
          },
          "response.completed",
        )
      );
    },
  });
}

export async function writeChatCompletions(res: ServerResponse, scenario: Scenario, body: Record<string, unknown>): Promise<void> {
  const model = String(body.model ?? "gpt-test");
  const base = { id: "chatcmpl-local-1", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model };
  await paced(res, scenario, {
    head: () => sse({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }),
    chunk: (content) => sse({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] }),
    tail: (text) => {
      const usage = usageOf(scenario, text);
      return (
        sse({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }) +
        sse({
          ...base,
          choices: [],
          usage: {
            prompt_tokens: usage.inputTokens,
            completion_tokens: usage.outputTokens,
            total_tokens: usage.inputTokens + usage.outputTokens,
          },
        }) +
        "data: [DONE]\n\n"
      );
    },
  });
}
