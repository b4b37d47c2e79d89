// GET /api/history query: an optional search over the viewer's own drafts.
import { z } from "zod";

export const HistoryQuery = z.object({ q: z.string().max(200, "The search is longer than 200 characters.").nullish() });
