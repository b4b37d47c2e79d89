// GET /api/outputs/{id}/export query: which file and how much of the thread.
import { z } from "zod";

export const ExportQuery = z.object({
  format: z.enum(["md", "docx"], { error: "format must be md or docx." }),
  scope: z.enum(["latest", "thread"], { error: "scope must be latest or thread." }).default("latest"),
});
