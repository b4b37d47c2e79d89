// POST /api/admin/webhooks/{id}/replay body: an optional reason for the audit log.
import { z } from "zod";

export const ReplayBody = z.object({
  reason: z.string().max(500, "The reason is longer than 500 characters.").optional(),
});
