// Sign-out: clears the session cookie, but only for requests made by this site's own pages. A
// cross-site form or fetch could otherwise sign a user out behind their back (logout CSRF).
import type { AppConfig } from "../config";
import { AppError } from "../errors";
import { json } from "../http";
import { clearSessionCookieHeader } from "./cookies";

function originOf(value: string | null): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return "invalid";
  }
}

/** Throws 403 unless the request comes from the app's own origin (Origin, else Sec-Fetch-Site, else Referer). */
export function assertSameOriginRequest(config: AppConfig, request: Request): void {
  const appOrigin = new URL(config.appUrl).origin;
  const refuse = () => {
    throw new AppError("forbidden:cross_site", "Sign-out must come from AI SSA Studio itself.");
  };
  const origin = request.headers.get("origin");
  // Browsers send Origin on every POST; "null" (sandboxed frames, some redirects) is not us.
  if (origin !== null) {
    if (originOf(origin) !== appOrigin) refuse();
    return;
  }
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") refuse();
  const referer = request.headers.get("referer");
  if (referer && originOf(referer) !== appOrigin) refuse();
}

/** The signed-out answer: back to the home page for a form post, JSON for a script. */
export function signedOutResponse(config: AppConfig, request: Request): Response {
  const clear = clearSessionCookieHeader(config);
  if ((request.headers.get("accept") ?? "").includes("text/html")) {
    return new Response(null, {
      status: 303,
      headers: { location: `${config.appUrl}/`, "set-cookie": clear, "cache-control": "no-store" },
    });
  }
  return json({ signedOut: true }, { headers: { "set-cookie": clear } });
}
