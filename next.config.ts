import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded from node_modules at run time, not bundled: the PostgreSQL driver and PGlite's WASM build.
  serverExternalPackages: ["pg", "@electric-sql/pglite"],
  poweredByHeader: false,
};

export default nextConfig;
