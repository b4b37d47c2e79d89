import Link from "next/link";
import { buttonClass, pageContainer } from "@/components/ui/styles";

export default function NotFound() {
  return (
    <div className={`${pageContainer} flex flex-col items-center py-24 text-center`}>
      <p className="text-sm font-semibold text-brand-600 dark:text-brand-300">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">This page does not exist</h1>
      <p className="mt-3 max-w-md text-zinc-600 dark:text-zinc-400">
        The link may be old, or the draft may have left your history (the studio keeps your last 20).
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Link href="/studio" className={buttonClass("primary")}>
          Open the studio
        </Link>
        <Link href="/" className={buttonClass("secondary")}>
          Home
        </Link>
      </div>
    </div>
  );
}
