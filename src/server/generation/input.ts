// Shared pieces of the generate and follow-up body schemas (the schemas live beside their routes):
// over-long text is a 413 (the UI shows the limit), empty text a 400.
import { z } from "zod";
import { AppError } from "../errors";

export const MAX_INPUT_CHARS = 8000;

/** Text the user typed: 1 to MAX_INPUT_CHARS characters (whitespace alone is empty). */
export const inputText = (field: string) =>
  z
    .string({ error: `${field} must be text.` })
    .refine((v) => v.trim().length > 0, { message: `${field} is empty.` })
    .refine((v) => v.length <= MAX_INPUT_CHARS, {
      message: `${field} is longer than ${MAX_INPUT_CHARS} characters.`,
      params: { tooLong: true },
    });

export const modelId = z.string().trim().min(1).max(64);

/** Parses or throws the matching AppError: 413 when the text is too long, 400 otherwise. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const tooLong = issue?.code === "custom" && (issue as { params?: { tooLong?: boolean } }).params?.tooLong;
  if (tooLong) throw new AppError("too_large:input", issue.message, { details: { maxChars: MAX_INPUT_CHARS } });
  const field = issue?.path.join(".") || "body";
  throw new AppError(
    "bad_request:input",
    issue?.message && !issue.message.startsWith("Invalid") ? issue.message : `${field} is missing or invalid.`,
  );
}
