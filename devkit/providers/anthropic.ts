// Anthropic's Messages streaming protocol: message_start, content_block_* events carrying
// text_delta, then message_delta with the stop reason and output usage, then message_stop.
import type { ServerResponse } from "node:http";
import { paced, type Scenario, sse, usageOf } from "./sse";

export async function writeAnthropic(res: ServerResponse, scenario: Scenario, body: Record<string, unknown>): Promise<void> {
  const model = String(body.model ?? "claude-test");
  const inputTokens = usageOf(scenario, "").inputTokens;
  await paced(res, scenario, {
    head: () =>
      sse(
        {
          type: "message_start",
          message: {
            id: "msg_local_1",
            type: "message",
            role: "assistant",
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: inputTokens, output_tokens: 1 },
          },
        },
        "message_start",
      ) + sse({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }, "content_block_start"),
    chunk: (text) => sse({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }, "content_block_delta"),
    tail: (text) =>
      sse({ type: "content_block_stop", index: 0 }, "content_block_stop") +
      sse(
        {
          type: "message_delta",
          delta: { stop_reason: "end_turn", stop_sequence: null },
          usage: { output_tokens: usageOf(scenario, text).outputTokens },
        },
        "message_delta",
      ) +
      sse({ type: "message_stop" }, "message_stop"),
  });
}
