// PATCH /api/outputs/{id} body: the draft's new title.
import { z } from "zod";
import { TITLE_MAX_CHARS } from "@/server/drafts/titles";

export const RenameBody = z.object({
  title: z
    .string({ error: "title must be text." })
    .transform((t) => t.replace(/\s+/g, " ").trim())
    .pipe(
      z
        .string()
        .min(1, "The title is empty.")
        .refine((t) => [...t].length <= TITLE_MAX_CHARS, `The title is longer than ${TITLE_MAX_CHARS} characters.`),
    ),
});
