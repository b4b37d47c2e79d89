// A throwaway copy of the project for tests of its launchers (npm start, npm run dev, the CLI
// scripts) with files of their own (.env, .data): sources copied with their times kept (so the
// production build still counts as fresh), node_modules and, when asked, the build shared by link.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = process.cwd();
const COPIED = [
  "src",
  "scripts",
  "drizzle",
  "public",
  "package.json",
  "package-lock.json",
  "next.config.ts",
  "tsconfig.json",
  "postcss.config.mjs",
];

export interface TempProject {
  dir: string;
  writeEnv(lines: Record<string, string>): void;
  remove(): void;
}

export function tempProject(options: { shareBuild: boolean }): TempProject {
  const dir = mkdtempSync(join(tmpdir(), "ai-ssa-project-"));
  const present = COPIED.filter((name) => existsSync(join(root, name)));
  execFileSync("cp", ["-a", ...present.map((name) => join(root, name)), dir]);
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  if (options.shareBuild) symlinkSync(join(root, ".next"), join(dir, ".next"));
  return {
    dir,
    writeEnv(lines) {
      writeFileSync(
        join(dir, ".env"),
        `${Object.entries(lines)
          .map(([k, v]) => `${k}=${v}`)
          .join("\n")}\n`,
      );
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
