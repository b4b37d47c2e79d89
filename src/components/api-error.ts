// Errors from the studio's JSON API ({error: {code, message, ...details}}) as a typed value, and the
// friendly words each error code gets in the UI: what happened, and what the person can do next.

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Seconds from the Retry-After header, when the server sent one. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }

  get kind(): string {
    return this.code.split(":")[0] ?? "";
  }
}

/** Reads a failed response into an ApiRequestError (never throws itself). */
export async function readApiError(response: Response): Promise<ApiRequestError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error ?? {};
  const { code, message, details, ...rest } = error;
  const retryHeader = Number(response.headers.get("retry-after"));
  return new ApiRequestError(
    response.status,
    typeof code === "string" ? code : `http:${response.status}`,
    typeof message === "string" ? message : "The request failed.",
    { ...rest, ...(details && typeof details === "object" ? (details as Record<string, unknown>) : {}) },
    Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined,
  );
}

/** A fetch for useChat's transport: a failed response becomes an ApiRequestError the UI can explain. */
export const apiFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!response.ok) throw await readApiError(response);
  return response;
};

export interface FriendlyError {
  title: string;
  body: string;
  action?: { href: string; label: string };
}

export function waitText(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} second${Math.ceil(seconds) === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

export function resetText(resetsAt: unknown, now: Date = new Date()): string | undefined {
  if (typeof resetsAt !== "string" && typeof resetsAt !== "number") return undefined;
  const at = new Date(resetsAt);
  if (Number.isNaN(at.getTime())) return undefined;
  const time = at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return `Resets at ${time} your time, midnight UTC (in ${waitText((at.getTime() - now.getTime()) / 1000)})`;
}

/** Failures worth pressing "Try again" for (a refusal would only be refused again). */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiRequestError)) return true;
  return ["upstream", "unavailable", "rate_limit", "internal"].includes(error.kind) || error.code.startsWith("http:");
}

export interface FailureContext {
  /** Whether the failed draft had produced any text (it is then saved); unknown keeps the old wording. */
  producedText?: boolean;
}

export function friendlyError(error: unknown, returnTo = "/studio", context: FailureContext = {}): FriendlyError {
  if (!(error instanceof ApiRequestError)) {
    // fetch itself failing is a TypeError; any other error arrived inside the stream, where the
    // server already put the provider's failure into words safe to show.
    if (error instanceof TypeError || !(error instanceof Error) || !error.message) {
      return { title: "Could not reach the studio", body: "Check your connection and try again." };
    }
    // Tell the truth about what was kept: a failure before any text stores nothing and costs nothing.
    const kept =
      context.producedText === false
        ? "No text was written, so it does not count toward today's allowance."
        : "The text so far is saved in your history.";
    return { title: "The draft stopped early", body: `${error.message} ${kept}` };
  }
  const signIn = { href: `/login?returnTo=${encodeURIComponent(returnTo)}`, label: "Sign in again" };
  const upgrade = { href: "/pricing", label: "Upgrade to PRO" };
  switch (error.kind) {
    case "limit_reached": {
      const limit = typeof error.details.limit === "number" ? `all ${error.details.limit} generations` : "all your generations";
      const reset = resetText(error.details.resetsAt) ?? "Your allowance resets at midnight UTC";
      return { title: "Daily limit reached", body: `You have used ${limit} for today. ${reset}.`, action: upgrade };
    }
    case "rate_limit": {
      const wait = error.retryAfter ?? (typeof error.details.retryAfter === "number" ? error.details.retryAfter : undefined);
      return {
        title: "Slow down a little",
        body: wait
          ? `Too many requests in a short time. Try again in ${waitText(wait)}.`
          : "Too many requests in a short time. Try again shortly.",
      };
    }
    case "forbidden":
      return {
        title: "PRO required",
        body: `${error.message} Upgrade to PRO to use every blueprint without a daily cap.`,
        action: upgrade,
      };
    case "unauthorized":
      return { title: "Your session has ended", body: "Sign in again to keep working. Your drafts are saved.", action: signIn };
    case "too_large":
      return { title: "Too long", body: error.message };
    case "bad_request":
      return { title: "Please check your input", body: error.message };
    case "not_found":
      return { title: "Not found", body: error.message };
    case "conflict":
      return { title: "Not possible right now", body: error.message };
    case "upstream":
      return {
        title: "The model did not answer",
        body: "The AI provider is unavailable or returned an error. A generation that fails before any text arrives does not count toward your daily allowance. Try again or switch model.",
      };
    case "unavailable":
      return { title: "Temporarily unavailable", body: "The studio cannot serve this right now. Please try again in a minute." };
    default:
      return { title: "Something went wrong", body: error.message || "Please try again." };
  }
}
