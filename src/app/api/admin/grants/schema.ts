// POST /api/admin/grants and DELETE /api/admin/grants/{id} bodies: who, for how long, and why.
import { z } from "zod";
import { COMP_MAX_DAYS } from "@/server/admin/comp-grants";

export const Reason = z
  .string({ error: "reason is required." })
  .transform((r) => r.replace(/\s+/g, " ").trim())
  .pipe(z.string().min(3, "Give a reason (at least 3 characters).").max(500, "The reason is longer than 500 characters."));

export const GrantBody = z.object({
  identityId: z.string({ error: "identityId is required." }).min(1, "identityId is required.").max(100),
  days: z
    .number({ error: "days must be a whole number." })
    .int("days must be a whole number.")
    .min(1, "days must be at least 1.")
    .max(COMP_MAX_DAYS, `days must be at most ${COMP_MAX_DAYS}.`),
  reason: Reason,
});

export const RevokeBody = z.object({ reason: Reason });
