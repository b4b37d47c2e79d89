import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { LocalModeBanner } from "@/components/local-mode-banner";
import { SiteHeader } from "@/components/site-header";

export const metadata: Metadata = {
  title: { default: "AI SSA Studio", template: "%s · AI SSA Studio" },
  description: "Pick a blueprint, choose Claude or GPT, and get a streamed, structured first draft you can refine.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-zinc-900"
        >
          Skip to content
        </a>
        <LocalModeBanner />
        <SiteHeader />
        <main id="main" className="flex-1">
          {children}
        </main>
        <footer className="border-t border-zinc-200 py-6 text-center text-sm text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          AI SSA Studio · Drafts by Claude and GPT · Memberships by Whop
        </footer>
      </body>
    </html>
  );
}
