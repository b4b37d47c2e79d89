import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded from node_modules at run time, not bundled: the PostgreSQL driver and PGlite's WASM build,
  // and rate-limiter-flexible (its optional store drivers are required dynamically).
  serverExternalPackages: ["pg", "@electric-sql/pglite", "rate-limiter-flexible"],
  poweredByHeader: false,
};

export default nextConfig;
