// Local mode only: random secrets made once and kept under the data folder, so sessions and
// simulated webhooks survive restarts without the newcomer configuring anything.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LocalSecrets } from "../config";

export function readOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, "local-secrets.json");
  try {
    const existing = JSON.parse(readFileSync(file, "utf8")) as Partial<LocalSecrets>;
    if (existing.sessionSecret && existing.webhookSecret) return existing as LocalSecrets;
  } catch {
    // Not there yet (or unreadable): make a new pair below.
  }
  const secrets: LocalSecrets = {
    sessionSecret: randomBytes(32).toString("base64url"),
    webhookSecret: `ws_${randomBytes(24).toString("hex")}`,
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
