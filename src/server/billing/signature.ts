// Standard Webhooks verification (https://www.standardwebhooks.com), as Whop signs its webhooks.
// Each check is named after the spec step it enforces and fails closed with 401; nothing in the
// body is read before the signature over the raw bytes is proven.
import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors";

/** How far a webhook-timestamp may lie from our clock, either way (the spec's replay window). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export interface VerifiedDelivery {
  /** webhook-id: the message id, stable across redeliveries of the same event. */
  messageId: string;
  /** webhook-timestamp as a Date. */
  sentAt: Date;
}

function refuse(check: string, message: string): never {
  throw new AppError("unauthorized:webhook", message, { details: { check } });
}

/**
 * HMAC-SHA256 over `${id}.${timestamp}.${body}`. The key is the UTF-8 bytes of the secret exactly
 * as Whop shows it (`ws_…`); this is why Whop's SDK hands `btoa(secret)` to the standardwebhooks
 * library, which base64-decodes its key.
 */
export function computeSignature(secret: string, messageId: string, timestamp: string, body: Uint8Array): Buffer {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(`${messageId}.${timestamp}.`, "utf8").update(body).digest();
}

/** The webhook-signature header value for a payload (`v1,<base64>`); used by the local simulation. */
export function signPayload(secret: string, messageId: string, timestamp: string, body: string): string {
  return `v1,${computeSignature(secret, messageId, timestamp, Buffer.from(body, "utf8")).toString("base64")}`;
}

export function verifyWebhookSignature(options: { secret: string; headers: Headers; body: Uint8Array; now: Date }): VerifiedDelivery {
  const { secret, headers, body, now } = options;

  // Step 1: all three headers are present.
  const messageId = headers.get("webhook-id")?.trim();
  const timestamp = headers.get("webhook-timestamp")?.trim();
  const signatures = headers.get("webhook-signature")?.trim();
  if (!messageId || !timestamp || !signatures) refuse("headers_present", "Missing webhook signature headers.");

  // Step 2: the timestamp is whole Unix seconds within the tolerance, in the past or the future.
  if (!/^\d{1,12}$/.test(timestamp)) refuse("timestamp_format", "The webhook timestamp is not valid.");
  const sentSeconds = Number(timestamp);
  const skew = Math.abs(now.getTime() / 1000 - sentSeconds);
  if (skew > TIMESTAMP_TOLERANCE_SECONDS) refuse("timestamp_tolerance", "The webhook timestamp is too old or too far ahead.");

  // Step 3: at least one `v1,` signature equals our HMAC, compared in constant time.
  const expected = computeSignature(secret, messageId, timestamp, body);
  let matched = false;
  for (const entry of signatures.split(" ")) {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue;
    const candidate = Buffer.from(entry.slice(comma + 1), "base64");
    // Keep looping after a match so the time taken does not depend on which entry matched.
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  if (!matched) refuse("signature_match", "The webhook signature does not match.");

  return { messageId, sentAt: new Date(sentSeconds * 1000) };
}
