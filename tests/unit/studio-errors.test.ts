// Every error the studio can meet gets words a person can act on: what happened, and the one thing
// to do next (wait, upgrade, sign in again).
import { describe, expect, it } from "vitest";
import { ApiRequestError, friendlyError, readApiError, resetText, waitText } from "@/components/api-error";
import { usageLabel } from "@/components/usage-badge";

function response(status: number, error: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error }), { status, headers: { "content-type": "application/json", ...headers } });
}

describe("the studio's error messages", () => {
  it("a reached daily limit names the limit and the reset time, and offers the upgrade", async () => {
    const now = new Date();
    const resetsAt = new Date(now.getTime() + 3 * 3600_000 + 30 * 60_000).toISOString();
    const error = await readApiError(
      response(
        429,
        { code: "limit_reached:daily", message: "You have used all 5 generations for today.", limit: 5, resetsAt },
        { "retry-after": "12600" },
      ),
    );
    const friendly = friendlyError(error);
    expect(friendly.title).toBe("Daily limit reached");
    expect(friendly.body).toMatch(/all 5 generations for today\. Resets at .+ \(in 3 h 30 min\)\./);
    expect(friendly.action).toEqual({ href: "/pricing", label: "Upgrade to PRO" });
  });

  it("a rate limit says how long to wait, from Retry-After", async () => {
    const error = await readApiError(response(429, { code: "rate_limit:generate", message: "Too many." }, { "retry-after": "42" }));
    expect(error.retryAfter).toBe(42);
    expect(friendlyError(error)).toEqual({
      title: "Slow down a little",
      body: "Too many requests in a short time. Try again in 42 seconds.",
    });
  });

  it("a PRO-only blueprint explains itself and links to the upgrade", () => {
    const friendly = friendlyError(new ApiRequestError(403, "forbidden:pro_required", "This blueprint is part of PRO."));
    expect(friendly.title).toBe("PRO required");
    expect(friendly.action?.href).toBe("/pricing");
  });

  it("an ended session sends the person to sign in and back to where they were", () => {
    const friendly = friendlyError(new ApiRequestError(401, "unauthorized:session", "Please sign in."), "/studio/outputs/abc");
    expect(friendly.action).toEqual({ href: "/login?returnTo=%2Fstudio%2Foutputs%2Fabc", label: "Sign in again" });
  });

  it("provider trouble and outages are told apart from the person's own mistakes", () => {
    expect(friendlyError(new ApiRequestError(502, "upstream:provider", "x")).title).toBe("The model did not answer");
    expect(friendlyError(new ApiRequestError(503, "unavailable:model", "x")).title).toBe("Temporarily unavailable");
    expect(friendlyError(new ApiRequestError(413, "too_large:input", "userInput is longer than 8000 characters.")).body).toBe(
      "userInput is longer than 8000 characters.",
    );
    expect(friendlyError(new ApiRequestError(400, "bad_request:input", "Choose a blueprint.")).body).toBe("Choose a blueprint.");
  });

  it("a broken connection and a stream cut mid-way read differently", () => {
    expect(friendlyError(new TypeError("Failed to fetch")).title).toBe("Could not reach the studio");
    expect(friendlyError(new Error("The model provider stopped answering.")).body).toBe(
      "The model provider stopped answering. The text so far is saved in your history.",
    );
  });

  it("a body that is not the JSON error shape still becomes an error with the status", async () => {
    const error = await readApiError(new Response("<html>Bad gateway</html>", { status: 502 }));
    expect(error.code).toBe("http:502");
    expect(friendlyError(error).title).toBe("Something went wrong");
  });
});

describe("the usage line", () => {
  it("counts down a limited tier and says Unlimited otherwise", () => {
    expect(usageLabel({ tier: "FREE", limit: 5, remaining: 3 })).toBe("3 of 5 left");
    expect(usageLabel({ tier: "PRO", limit: null, remaining: null })).toBe("Unlimited");
  });

  it("words waits and resets plainly", () => {
    expect(waitText(1)).toBe("1 second");
    expect(waitText(90)).toBe("2 minutes");
    expect(waitText(7200)).toBe("2 h");
    expect(resetText("not a date")).toBeUndefined();
  });
});
