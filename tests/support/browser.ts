// Chromium for end-to-end tests: Debian's `chromium` package driven by playwright-core (which
// cannot download browsers here). Use it as:
//
//   describe.skipIf(!hasChromium())("…", () => {      // skips (with a printed reason) outside CI only
//     const browser = await launchBrowser();  const page = await browser.newPage();  …  await browser.close();
//
// In CI (process.env.CI set) a missing Chromium is an error, never a skip.
import { execFileSync } from "node:child_process";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** The path of the installed Chromium, or undefined. */
export function chromiumPath(): string | undefined {
  try {
    const path = execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
    return path || undefined;
  } catch {
    return undefined;
  }
}

const MISSING = "Chromium is not installed (apt-get install chromium); the browser tests need it.";

/** For describe.skipIf(!hasChromium()): false (with the reason printed) when Chromium is absent; in CI that is an error instead. */
export function hasChromium(): boolean {
  if (chromiumPath()) return true;
  if (process.env.CI) throw new Error(`${MISSING} CI must run them.`);
  console.warn(`[skipped] ${MISSING}`);
  return false;
}

/** A headless Chromium from the system package. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(MISSING);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
