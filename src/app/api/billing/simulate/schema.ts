import { z } from "zod";
import { SIMULATED_EVENTS } from "@/server/billing/purchase-simulator";

/** `{"event": "membership.activated" | "membership.deactivated"}`, as JSON or a form field. */
export const SimulateBody = z.object({ event: z.enum(SIMULATED_EVENTS) });
