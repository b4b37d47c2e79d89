// Where to send the user after sign-in. Only a path on this site is accepted: anything that a
// browser could resolve to another origin (absolute URLs, protocol-relative `//host`, the `/\host`
// trick, scripts, control characters, their percent-encoded forms) falls back to the studio.

export const DEFAULT_RETURN_TO = "/studio";
const MAX_LENGTH = 1024;
const BASE = "http://return-to.invalid";

function decodedForms(value: string): string[] {
  const forms = [value];
  let current = value;
  // Decode a few rounds so `%2F%2Fevil` or `%252F%252Fevil` cannot slip through as a path.
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return [...forms, "\u0000"]; // malformed escapes: refuse
    }
    if (next === current) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

function looksLocal(form: string): boolean {
  if (!form.startsWith("/")) return false;
  if (form.startsWith("//") || form.startsWith("/\\")) return false;
  // Control characters and backslashes are normalised away or into slashes by browsers.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(form)) return false;
  return true;
}

/** The same-origin path (with search and hash) to return to, or the studio when the value is unsafe. */
export function safeReturnTo(raw: string | null | undefined, fallback: string = DEFAULT_RETURN_TO): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return fallback;
  if (!decodedForms(raw).every(looksLocal)) return fallback;
  // Final check by the URL parser itself: resolving against a fixed origin must stay on it.
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // Returning into the sign-in flow itself would loop.
  if (url.pathname.startsWith("/api/auth/") || url.pathname === "/login") return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
