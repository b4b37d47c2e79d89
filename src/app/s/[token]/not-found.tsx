import Link from "next/link";
import { buttonClass, pageContainer } from "@/components/ui/styles";

export default function SharedDraftNotFound() {
  return (
    <div className={`${pageContainer} flex flex-col items-center py-24 text-center`}>
      <p className="text-sm font-semibold text-brand-600 dark:text-brand-300">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">This shared draft is not available</h1>
      <p className="mt-3 max-w-md text-zinc-600 dark:text-zinc-400">
        The link may be mistyped, or its owner stopped sharing the draft or deleted it.
      </p>
      <div className="mt-8">
        <Link href="/" className={buttonClass("primary")}>
          Go to AI SSA Studio
        </Link>
      </div>
    </div>
  );
}
