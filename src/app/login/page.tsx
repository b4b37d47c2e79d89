import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer } from "@/app/_lib/viewer";
import { buttonClass, cardClass, mutedText } from "@/components/ui/styles";
import { getConfig } from "@/server/app-config";
import { safeReturnTo } from "@/server/auth/return-to";
import { signInErrorMessage } from "@/server/auth/sign-in-errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const returnTo = safeReturnTo(first(params.returnTo));
  const error = signInErrorMessage(first(params.error));
  // The page still offers sign-in when the database is briefly unreachable.
  const viewer = await getViewer().catch(() => null);
  // Already signed in and nothing to explain: go straight on.
  if (viewer?.identity && !error) redirect(returnTo);
  const localProvider = (viewer?.ctx.config ?? getConfig()).local.signIn;
  const signInHref = `/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`;

  return (
    <div className="mx-auto flex w-full max-w-md flex-col px-4 py-12 sm:py-20">
      <div className={`${cardClass} p-6 sm:p-8`}>
        <h1 className="text-2xl font-bold tracking-tight">Sign in to AI SSA Studio</h1>
        <p className={`mt-2 ${mutedText}`}>
          Use your Whop account. Your plan and daily allowance come with it; there is no separate password.
        </p>

        {error ? (
          <div
            role="alert"
            data-testid="sign-in-error"
            className="mt-6 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200"
          >
            {error}
          </div>
        ) : null}

        {/* A plain link, not next/link: prefetching it would start a sign-in. */}
        <a href={signInHref} className={buttonClass("primary", "lg", "mt-6 w-full")}>
          Sign in with Whop
        </a>

        {localProvider ? (
          <div className="mt-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-100">
            <p className="font-semibold">Local sign-in provider in use</p>
            <p className="mt-1">
              This app runs in local mode, so the button opens the local development sign-in provider instead of Whop. Type any email there
              to sign in as that person. Set <code className="font-mono">WHOP_CLIENT_ID</code> to use real Whop accounts.
            </p>
          </div>
        ) : (
          <p className={`mt-6 text-sm ${mutedText}`}>
            You will be sent to Whop to confirm it is you, then straight back here. We receive your email, name and username.
          </p>
        )}
      </div>
    </div>
  );
}
