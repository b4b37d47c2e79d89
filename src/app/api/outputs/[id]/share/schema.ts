// POST /api/outputs/{id}/share body: nothing to choose yet, so an empty JSON object (or no body).
import { z } from "zod";

export const ShareBody = z.object({});
