// Series colours for the admin charts: mid-tone, legible on white and on zinc-950 alike.

export const TIER_COLORS: Record<string, string> = { FREE: "#10b981", PRO: "#6366f1" };

const MODEL_COLORS: Record<string, string> = { gpt: "#14b8a6", claude: "#f59e0b", local: "#0ea5e9", demo: "#a1a1aa" };
const SPARE = ["#ec4899", "#8b5cf6", "#84cc16", "#f97316", "#06b6d4"];

export function modelColor(model: string, index: number): string {
  return MODEL_COLORS[model] ?? SPARE[index % SPARE.length] ?? "#a1a1aa";
}

export const COLORS = {
  paid: "#6366f1",
  comp: "#f59e0b",
  signups: "#0ea5e9",
  conversions: "#6366f1",
  calls: "#6366f1",
  failed: "#ef4444",
  p50: "#0ea5e9",
  p95: "#f59e0b",
  other: "#a1a1aa",
};
