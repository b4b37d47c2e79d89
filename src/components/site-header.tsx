import Link from "next/link";
import { getViewer } from "@/app/_lib/viewer";
import { buttonClass } from "@/components/ui/styles";
import type { AppIdentity } from "@/server/db/schema";

/** The signed-in identity for the header; a database hiccup shows the signed-out header rather than breaking every page. */
async function headerIdentity(): Promise<AppIdentity | null> {
  try {
    return (await getViewer()).identity;
  } catch {
    return null;
  }
}

export async function SiteHeader() {
  const identity = await headerIdentity();
  return (
    <header className="border-b border-zinc-200 dark:border-zinc-800">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-lg bg-brand-600 text-sm text-white">
            S
          </span>
          <span className="hidden sm:inline">AI SSA Studio</span>
        </Link>
        <div className="flex min-w-0 items-center gap-3 text-sm sm:gap-4">
          <Link
            href="/pricing"
            className={`${identity ? "hidden sm:inline" : ""} text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white`}
          >
            Pricing
          </Link>
          <Link href="/studio" className="shrink-0 rounded-lg bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
            Open studio
          </Link>
          {identity ? (
            <div className="flex min-w-0 items-center gap-3">
              <Link href="/account" className="min-w-0 text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white">
                <span className="md:hidden">Account</span>
                <span className="hidden md:inline">
                  <span className="sr-only">Account, </span>
                  <span data-testid="signed-in-email" title={identity.email} className="inline-block max-w-[14rem] truncate align-bottom">
                    {identity.email}
                  </span>
                </span>
              </Link>
              <form method="post" action="/api/auth/logout">
                <button type="submit" className={buttonClass("secondary", "sm")}>
                  Sign out
                </button>
              </form>
            </div>
          ) : (
            // Straight to Whop's sign-in; /login stays for errors and returns. A plain link: prefetching would start a sign-in.
            <a
              href="/api/auth/login?returnTo=%2Fstudio"
              title="Sign in with Whop"
              className="font-medium whitespace-nowrap text-zinc-700 hover:text-zinc-900 dark:text-zinc-200 dark:hover:text-white"
            >
              Sign in
            </a>
          )}
        </div>
      </nav>
    </header>
  );
}
