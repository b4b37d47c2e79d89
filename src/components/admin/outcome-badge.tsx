// A webhook event's outcome at a glance: what it says before its colon, coloured by what it means.
import { Badge } from "@/components/ui/badge";

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const kind = outcome.split(":")[0]?.trim() || outcome;
  const tone = kind.startsWith("applied") ? "green" : kind === "ignored" ? "amber" : kind === "waiting" ? "brand" : "zinc";
  return <Badge tone={tone}>{kind}</Badge>;
}
