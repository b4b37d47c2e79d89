import Link from "next/link";
import { getViewer } from "@/app/_lib/viewer";
import { Badge } from "@/components/ui/badge";
import { buttonClass, cardClass, pageContainer } from "@/components/ui/styles";
import { listBlueprints, listTiers } from "@/server/catalog/blueprints";

export const dynamic = "force-dynamic";

function limitText(dailyLimit: number): string {
  return dailyLimit < 0 ? "Unlimited generations" : `${dailyLimit} generations a day`;
}

export default async function LandingPage() {
  const { ctx, identity } = await getViewer();
  const [blueprints, tiers] = await Promise.all([listBlueprints(ctx.db), listTiers(ctx.db)]);

  return (
    <div className={pageContainer}>
      <section className="py-16 text-center sm:py-24">
        <p className="mb-4 inline-block rounded-full bg-brand-50 px-3 py-1 text-sm font-medium text-brand-700 dark:bg-brand-700/20 dark:text-brand-100">
          Claude and GPT, one studio
        </p>
        <h1 className="mx-auto max-w-3xl text-4xl font-bold tracking-tight sm:text-5xl">
          From a rough idea to a structured first draft in seconds
        </h1>
        <p className="mx-auto mt-5 max-w-2xl text-lg text-zinc-600 dark:text-zinc-300">
          Pick a blueprint (a blog outline, a cold email, a landing page), choose the model you trust, and watch a clean Markdown draft
          stream in. Then keep the conversation going until it reads like you.
        </p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          {identity ? (
            <Link href="/studio" className={buttonClass("primary", "lg")}>
              Open the studio
            </Link>
          ) : (
            // A plain link straight to Whop's sign-in (not next/link: prefetching it would start a sign-in).
            <a href="/api/auth/login?returnTo=%2Fstudio" className={buttonClass("primary", "lg")}>
              Sign in with Whop
            </a>
          )}
          <Link href="/pricing" className={buttonClass("secondary", "lg")}>
            See pricing
          </Link>
        </div>
      </section>

      <section aria-labelledby="how" className="grid gap-6 pb-16 sm:grid-cols-3">
        <h2 id="how" className="sr-only">
          How it works
        </h2>
        {[
          [
            "1. Pick a blueprint",
            "Each blueprint is a carefully written brief that tells the model exactly what shape your draft should take.",
          ],
          [
            "2. Choose Claude or GPT",
            "Switch models per draft. Your text goes to the model as your message, never mixed into its instructions.",
          ],
          [
            "3. Refine in a thread",
            "Ask for a shorter intro, a different tone or another angle. Your last 20 drafts stay in your history.",
          ],
        ].map(([title, body]) => (
          <div key={title} className={`${cardClass} p-6`}>
            <h3 className="font-semibold">{title}</h3>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">{body}</p>
          </div>
        ))}
      </section>

      <section aria-labelledby="blueprints" className="pb-16">
        <h2 id="blueprints" className="text-2xl font-bold tracking-tight">
          {blueprints.length} blueprints, ready to use
        </h2>
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {blueprints.map((b) => (
            <li key={b.slug} className={`${cardClass} p-4`}>
              <div className="flex items-start justify-between gap-2">
                <h3 className="font-medium">{b.label}</h3>
                <Badge tone={b.isProOnly ? "brand" : "green"}>{b.isProOnly ? "PRO" : "FREE"}</Badge>
              </div>
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">{b.description}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="tiers" className="pb-20">
        <h2 id="tiers" className="text-2xl font-bold tracking-tight">
          Start free, upgrade when it pays for itself
        </h2>
        <div className="mt-6 grid gap-4 sm:grid-cols-2">
          {tiers.map((t) => (
            <div key={t.name} className={`${cardClass} p-6 ${t.dailyLimit < 0 ? "ring-2 ring-brand-500" : ""}`}>
              <h3 className="text-lg font-semibold">{t.name}</h3>
              <ul className="mt-3 space-y-1 text-sm text-zinc-600 dark:text-zinc-300">
                <li>{limitText(t.dailyLimit)}</li>
                <li>{t.templateCap} blueprints</li>
                <li>Claude and GPT, streamed</li>
              </ul>
            </div>
          ))}
        </div>
        <p className="mt-6 text-sm">
          <Link href="/pricing" className="font-medium text-brand-600 underline-offset-2 hover:underline dark:text-brand-300">
            Compare plans and upgrade →
          </Link>
        </p>
      </section>
    </div>
  );
}
