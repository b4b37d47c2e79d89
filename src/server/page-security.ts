// The security headers of every page (the proxy sets them, with a fresh script nonce per request;
// API responses get theirs from http.ts withSecurityHeaders). The Content-Security-Policy lets
// scripts run only from this origin with the request's nonce (Next.js puts it on its own scripts),
// forbids framing, plugins and <base>, and lets forms go only to this app, the sign-in provider and
// Whop's checkout (a form post that redirects there is a form action too).
import type { AppConfig } from "./config";
import { PERMISSIONS_POLICY } from "./http";
import { originOf } from "./request-guards";

const WHOP_ORIGINS = ["https://whop.com", "https://api.whop.com"];

export function pageContentSecurityPolicy(config: AppConfig, nonce: string): string {
  const https = config.appUrl.startsWith("https:");
  const formTargets = new Set(["'self'", ...WHOP_ORIGINS]);
  const issuer = originOf(config.whop.oauthIssuer);
  if (issuer) formTargets.add(issuer);
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // Inline style attributes (charts, React style props); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${[...formTargets].join(" ")}`,
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Every page's security headers, the CSP carrying `nonce`. */
export function pageSecurityHeaders(config: AppConfig, nonce: string): Record<string, string> {
  return {
    "content-security-policy": pageContentSecurityPolicy(config, nonce),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": PERMISSIONS_POLICY,
    ...(config.appUrl.startsWith("https:") ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
