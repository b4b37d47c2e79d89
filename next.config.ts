import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // `next build` also writes .next/standalone: server.js with only the files it needs, what the
  // Docker image runs (docs/deploy.md). `next start` still serves the same build.
  output: "standalone",
  // The SQL migrations are read at run time from ./drizzle (the app migrates at first use), so the
  // standalone output carries them.
  outputFileTracingIncludes: { "/**": ["./drizzle/**/*"] },
  // Loaded from node_modules at run time, not bundled: the PostgreSQL driver and PGlite's WASM build,
  // and the OpenTelemetry SDK, imported only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
  serverExternalPackages: ["pg", "@electric-sql/pglite", "@vercel/otel"],
  poweredByHeader: false,
  async headers() {
    return [
      {
        // Shared drafts are public but private-ish: never indexed, and the token never leaks in a Referer.
        source: "/s/:token*",
        headers: [
          { key: "X-Robots-Tag", value: "noindex, nofollow, noarchive" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
    ];
  },
};

export default nextConfig;
