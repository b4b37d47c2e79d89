// The operator's two lists of variables, the README's table and .env.example, name exactly the
// variables the configuration reads (apart from the platform's own VERCEL and VERCEL_ENV).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "@/server/config";

const PLATFORM = new Set(["VERCEL", "VERCEL_ENV"]);
const documented = [...CONFIG_VARIABLES].filter((v) => !PLATFORM.has(v)).sort();

describe("the configuration's documentation", () => {
  it(".env.example lists every variable, each with a comment above it", () => {
    const lines = readFileSync(".env.example", "utf8").split("\n");
    const names = lines.flatMap((line, i) => {
      const match = /^([A-Z][A-Z0-9_]*)=/.exec(line);
      if (!match) return [];
      // The comment may cover a small group of related variables right below it.
      const above = lines.slice(Math.max(0, i - 3), i);
      expect(
        above.some((l) => l.startsWith("# ")),
        `${match[1]} has a comment`,
      ).toBe(true);
      return [match[1] as string];
    });
    expect([...new Set(names)].sort()).toEqual(documented);
  });

  it("the README's variable table lists the same variables", () => {
    const readme = readFileSync("README.md", "utf8");
    const table = readme.slice(readme.indexOf("| variable"), readme.indexOf("\n\n", readme.indexOf("| variable")));
    const names = [...table.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] as string);
    expect([...new Set(names)].sort()).toEqual(documented);
  });
});
