// The heading of an output's page: which blueprint and model made it, and when. Read-only, and
// only for the output's owner (anyone else gets null, so the page answers 404).
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { type OutputStatus, outputRecord, promptBlueprint } from "../db/schema";
import { type ModelInfo, modelLabel } from "../generation/models";

export interface OutputSummary {
  id: string;
  blueprintLabel: string;
  model: string;
  /** The provider's model id stored with the output (null for outputs stored before it was kept). */
  providerModel: string | null;
  status: OutputStatus;
  createdAt: Date;
}

export async function outputSummary(db: Db, userId: string, outputId: string): Promise<OutputSummary | null> {
  const [row] = await db
    .select({
      id: outputRecord.id,
      blueprintLabel: promptBlueprint.label,
      model: outputRecord.model,
      providerModel: outputRecord.providerModel,
      status: outputRecord.status,
      createdAt: outputRecord.createdAt,
    })
    .from(outputRecord)
    .innerJoin(promptBlueprint, eq(promptBlueprint.id, outputRecord.blueprintId))
    .where(and(eq(outputRecord.id, outputId), eq(outputRecord.userId, userId)));
  return row ?? null;
}

/**
 * The label of each turn's model on an output's page, from what was stored, so a model that is no
 * longer configured still shows its name: a turn by the output's own model shows the provider model
 * stored with the output; a follow-up by another model, its label as offered now (or its name).
 */
export function modelLabelsFor(
  output: Pick<OutputSummary, "model" | "providerModel">,
  offered: ModelInfo[],
): (model: string | null) => string | null {
  return (model) => {
    if (!model) return null;
    if (model === output.model) return modelLabel(model, output.providerModel);
    return offered.find((m) => m.id === model)?.label ?? modelLabel(model, null);
  };
}
