import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/app/_lib/viewer";
import { StudioWorkspace } from "@/components/studio/studio-workspace";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass, pageContainer } from "@/components/ui/styles";
import { loadStudio, MAX_INPUT_CHARS } from "@/server/ui/studio";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Studio" };

export default async function StudioPage() {
  const { ctx, identity } = await requireViewer("/studio");
  const data = await loadStudio(ctx, identity.id);
  return (
    <div className={`${pageContainer} pb-16`}>
      <PageHeader
        title="Studio"
        lead="Pick a blueprint, choose a model and describe what you need. The draft streams in as you watch."
        actions={
          <Link href="/studio/history" className={buttonClass("secondary")}>
            History
          </Link>
        }
      />
      <StudioWorkspace blueprints={data.blueprints} models={data.models} usage={data.usage} maxInputChars={MAX_INPUT_CHARS} />
    </div>
  );
}
