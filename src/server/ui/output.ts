// The heading of an output's page: which blueprint and model made it, and when. Read-only, and
// only for the output's owner (anyone else gets null, so the page answers 404).
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { type OutputStatus, outputRecord, promptBlueprint } from "../db/schema";

export interface OutputSummary {
  id: string;
  blueprintLabel: string;
  model: string;
  status: OutputStatus;
  createdAt: Date;
}

export async function outputSummary(db: Db, userId: string, outputId: string): Promise<OutputSummary | null> {
  const [row] = await db
    .select({
      id: outputRecord.id,
      blueprintLabel: promptBlueprint.label,
      model: outputRecord.model,
      status: outputRecord.status,
      createdAt: outputRecord.createdAt,
    })
    .from(outputRecord)
    .innerJoin(promptBlueprint, eq(promptBlueprint.id, outputRecord.blueprintId))
    .where(and(eq(outputRecord.id, outputId), eq(outputRecord.userId, userId)));
  return row ?? null;
}
