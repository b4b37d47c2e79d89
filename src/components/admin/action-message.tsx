// What an admin action said: a success line, or the server's refusal in its own words.
import { ApiRequestError } from "../api-error";
import type { ActionResult } from "../use-action";

export function errorText(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  return "Could not reach the studio. Check your connection and try again.";
}

export function ActionMessage({ result }: { result: ActionResult }) {
  if (!result) return null;
  return (
    <p
      role={result.ok ? "status" : "alert"}
      className={`text-sm ${result.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}
    >
      {result.text}
    </p>
  );
}
