// What a failed browser test saw: for every page open in its browser, a full-page PNG and a text file
// with that page's console messages and page errors, in test-artifacts/failures/<file>-<test>.{png,txt}.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { beforeEach, type TestContext } from "vitest";

const FAILURES = join(process.cwd(), "test-artifacts", "failures");

/**
 * Call once in each browser test's describe block, with a getter for its browser (launched in
 * beforeAll). Uses Vitest's onTestFailed, so a passing test writes nothing; a test's files from an
 * earlier failed run are removed when it starts, so the folder only shows the latest failures.
 * The newest page gets `<file>-<test>.png`/`.txt`; older pages still open add `-2`, `-3`….
 */
export function keepFailureArtifacts(browser: () => Browser | undefined): void {
  beforeEach(({ task, onTestFailed }) => {
    removeArtifacts(artifactName(task));
    onTestFailed(({ task: failed }) => saveArtifacts(browser(), failed));
  });
}

type Task = TestContext["task"];

/** `<test file without .test.ts>-<test name as a slug>`, e.g. `journey-sign-in-stream-stop`. */
function artifactName(task: Task): string {
  const file = basename(task.file.name).replace(/\.test\.[cm]?[jt]s$/, "");
  const test = task.name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
  return `${file}-${test}`;
}

function removeArtifacts(name: string): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(FAILURES);
  } catch {
    return; // nothing saved yet
  }
  const own = (entry: string) => entry.startsWith(name) && /^(-\d+)?\.(png|txt)$/.test(entry.slice(name.length));
  for (const entry of entries.filter(own)) rmSync(join(FAILURES, entry));
}

async function saveArtifacts(browser: Browser | undefined, task: Task): Promise<void> {
  // Newest first: the page the failing test opened is usually the last one.
  const pages = (browser?.contexts().flatMap((context) => context.pages()) ?? []).reverse();
  if (pages.length === 0) return;
  mkdirSync(FAILURES, { recursive: true });
  const name = artifactName(task);
  const errors = (task.result?.errors ?? []).map((error) => error.message ?? String(error));
  const saved: string[] = [];
  for (const [index, page] of pages.entries()) {
    // The newest page keeps the plain name; older ones are numbered from 2.
    const path = join(FAILURES, index === 0 ? name : `${name}-${index + 1}`);
    writeFileSync(`${path}.txt`, await describePage(page, task.fullName, errors));
    try {
      await page.screenshot({ path: `${path}.png`, fullPage: true, timeout: 15_000 });
      saved.push(`${path}.png`);
    } catch (error) {
      writeFileSync(`${path}.txt`, `\nscreenshot failed: ${error instanceof Error ? error.message : String(error)}\n`, { flag: "a" });
    }
    saved.push(`${path}.txt`);
  }
  console.error(`Failure artifacts of "${task.name}":\n  ${saved.join("\n  ")}`);
}

/** The page's URL, the test's errors, then Playwright's own record of its console and page errors. */
async function describePage(page: Page, test: string, errors: string[]): Promise<string> {
  const lines = [`test: ${test}`, `page: ${page.isClosed() ? "(closed)" : page.url()}`, "", "test errors:", ...errors.map(indent), ""];
  try {
    const messages = await page.consoleMessages({ filter: "all" });
    lines.push(`console (${messages.length}):`);
    for (const message of messages) {
      const { url, lineNumber } = message.location();
      lines.push(indent(`[${message.type()}] ${message.text()}${url ? `  (${url}:${lineNumber + 1})` : ""}`));
    }
    const pageErrors = await page.pageErrors({ filter: "all" });
    lines.push("", `page errors (${pageErrors.length}):`, ...pageErrors.map((error) => indent(error.stack ?? error.message)));
  } catch (error) {
    lines.push(`could not read the page's console: ${error instanceof Error ? error.message : String(error)}`);
  }
  return `${lines.join("\n")}\n`;
}

const indent = (text: string) => text.replace(/^/gm, "  ");
