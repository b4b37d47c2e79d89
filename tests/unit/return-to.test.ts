// After sign-in the browser goes back only to a path on this site; anything else means the studio.
import { describe, expect, it } from "vitest";
import { DEFAULT_RETURN_TO, safeReturnTo } from "@/server/auth/return-to";

describe("safeReturnTo", () => {
  it.each([
    ["/studio", "/studio"],
    ["/studio/outputs/42?tab=thread#latest", "/studio/outputs/42?tab=thread#latest"],
    ["/account", "/account"],
    ["/pricing?plan=pro", "/pricing?plan=pro"],
    ["/studio/%E2%9C%93", "/studio/%E2%9C%93"],
  ])("keeps the same-origin path %s", (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it.each([
    "https://evil.example",
    "http://evil.example/studio",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.example",
    "%252F%252Fevil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/%09/evil.example",
    "/%0d%0aSet-Cookie:x=1",
    "/%E0%A4%A",
    "studio",
    "",
    "/api/auth/login?returnTo=/studio",
    "/login",
    `/${"a".repeat(2000)}`,
  ])("refuses %j and falls back to the studio", (input) => {
    expect(safeReturnTo(input)).toBe(DEFAULT_RETURN_TO);
  });

  it("falls back to the studio when nothing is given", () => {
    expect(safeReturnTo(undefined)).toBe("/studio");
    expect(safeReturnTo(null)).toBe("/studio");
  });
});
