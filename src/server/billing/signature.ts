// Standard Webhooks verification (https://www.standardwebhooks.com), as Whop signs its webhooks,
// done by the spec's reference library (`standardwebhooks`): headers present, timestamp within 5
// minutes either way (its replay window, on the system clock), a `v1` HMAC-SHA256 over
// `${id}.${timestamp}.${body}` compared in constant time. Its refusals are mapped onto named checks
// and a 401; nothing in the body is read before the signature over the raw bytes is proven.
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { AppError } from "../errors";

/** How far a webhook-timestamp may lie from our clock, either way: the library's window. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export interface VerifiedDelivery {
  /** webhook-id: the message id, stable across redeliveries of the same event. */
  messageId: string;
  /** webhook-timestamp as a Date. */
  sentAt: Date;
}

/** The library's refusal messages (standardwebhooks 1.x), by the check each one names. */
const CHECKS: Array<[RegExp, string, string]> = [
  [/missing required headers/i, "headers_present", "Missing webhook signature headers."],
  [/invalid signature headers/i, "timestamp_format", "The webhook timestamp is not valid."],
  [/timestamp too (old|new)/i, "timestamp_tolerance", "The webhook timestamp is too old or too far ahead."],
  [/no matching signature/i, "signature_match", "The webhook signature does not match."],
];

function refusal(error: unknown): AppError {
  const message = error instanceof Error ? error.message : "";
  const [, check, sentence] = CHECKS.find(([pattern]) => pattern.test(message)) ?? [
    null,
    "signature_match",
    "The webhook signature does not match.",
  ];
  return new AppError("unauthorized:webhook", sentence, { details: { check } });
}

/**
 * Whop's secret is used as it is shown (`ws_…`): its UTF-8 bytes are the HMAC key, which is the
 * library's "raw" format (Whop's own SDK hands `btoa(secret)` to the library's default format,
 * which base64-decodes it back to the same bytes).
 */
const webhookFor = (secret: string) => new Webhook(secret, { format: "raw" });

export function verifyWebhookSignature(options: { secret: string; headers: Headers; body: Uint8Array }): VerifiedDelivery {
  const headers = Object.fromEntries(
    ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [name, options.headers.get(name)?.trim() ?? ""]),
  );
  // The library takes a string or a Buffer; it signs the UTF-8 text of the body.
  const body = Buffer.from(options.body.buffer, options.body.byteOffset, options.body.byteLength);
  try {
    webhookFor(options.secret).verify(body, headers, { jsonParse: false });
  } catch (error) {
    if (error instanceof WebhookVerificationError || error instanceof Error) throw refusal(error);
    throw error;
  }
  return { messageId: headers["webhook-id"] as string, sentAt: new Date(Number(headers["webhook-timestamp"]) * 1000) };
}

/** The webhook-signature header value for a payload (`v1,<base64>`); used by the local simulation. */
export function signPayload(secret: string, messageId: string, timestamp: string, body: string): string {
  return webhookFor(secret).sign(messageId, new Date(Number(timestamp) * 1000), body);
}
