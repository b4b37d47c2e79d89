// Helpers for calling the auth route handlers directly with Request objects, as a browser would.

import { PENDING_COOKIE, SESSION_COOKIE } from "@/server/auth/cookies";

/** The `name=value` pair a response sets for a cookie (as a Cookie header fragment), if it sets one with a value. */
export function setCookiePair(response: Response, name: string): string | undefined {
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";")[0] ?? "";
    if (pair.startsWith(`${name}=`) && pair.length > name.length + 1) return pair;
  }
  return undefined;
}

/** True when the response clears the cookie (empty value, Max-Age=0). */
export function clearsCookie(response: Response, name: string): boolean {
  return response.headers.getSetCookie().some((line) => line.startsWith(`${name}=;`) && /Max-Age=0/.test(line));
}

export const sessionPair = (response: Response) => setCookiePair(response, SESSION_COOKIE);
export const pendingPair = (response: Response) => setCookiePair(response, PENDING_COOKIE);

export function get(url: string, cookie?: string, headers: Record<string, string> = {}): Request {
  return new Request(url, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
}
