import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native/WASM drivers and the OIDC provider are loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["pg", "@electric-sql/pglite", "oidc-provider", "rate-limiter-flexible"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
