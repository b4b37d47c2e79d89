// `npm run whop:trigger -- membership.activated --email you@example.com`: local mode's Whop. Builds
// the membership event Whop would send, signs it with the app's webhook secret (the same local
// secret file under DATA_DIR the app uses) and posts it to the running app, at the address the same
// configuration gives it (APP_URL, or localhost on PORT, from the environment and the .env files).
//   options: --email <address> | --user <user_…>, --plan <plan_…>, --membership <mem_…>, --url <webhook URL>
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import type { AppConfig } from "../src/server/config";
import { openDatabase } from "../src/server/db/client";
import { appIdentity } from "../src/server/db/schema";
import { buildMembershipEvent, SIMULATED_EVENTS, type SimulatedEvent, signDelivery } from "../src/server/local/purchase-simulation";
import { localSubject } from "../src/server/local/sign-in-accounts";
import { runCli } from "./cli";

const USAGE = `Usage: npm run whop:trigger -- <${SIMULATED_EVENTS.join("|")}> --email <address> [--user user_…] [--plan plan_…] [--membership mem_…] [--url http://localhost:3000/api/webhooks/whop]`;

/** The Whop user id the app knows for an email: from DATABASE_URL when set, else as the local sign-in derives it. */
async function whopUserIdFor(config: AppConfig, email: string): Promise<string> {
  if (config.database.url) {
    const database = await openDatabase({ url: config.database.url, poolMax: 1 });
    try {
      const [row] = await database.db
        .select({ whopId: appIdentity.whopId })
        .from(appIdentity)
        .where(eq(sql`lower(${appIdentity.email})`, email.trim().toLowerCase()));
      if (row) return row.whopId;
    } finally {
      await database.close();
    }
  }
  // The embedded database belongs to the running app (one process at a time), so it is not opened here.
  if (config.local.signIn) return localSubject(email);
  throw new Error(`No signed-in identity has the email ${email}; pass --user user_… (the Whop user id).`);
}

runCli("whop:trigger", async (config) => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: "string" },
      user: { type: "string" },
      plan: { type: "string" },
      membership: { type: "string" },
      url: { type: "string" },
    },
  });
  const type = positionals[0] as SimulatedEvent | undefined;
  if (!type || !SIMULATED_EVENTS.includes(type) || (!values.email && !values.user)) throw new Error(USAGE);
  if (config.isProduction) throw new Error("whop:trigger is for local mode only; a deployed app gets its events from Whop.");

  const whopUserId = values.user ?? (await whopUserIdFor(config, values.email as string));
  const now = new Date();
  const { messageId, body } = buildMembershipEvent(config, {
    type,
    whopUserId,
    email: values.email,
    planId: values.plan,
    membershipId: values.membership,
    now,
  });
  const delivery = signDelivery(config.whop.webhookSecret, messageId, body, now);
  const url = values.url ?? `${config.appUrl}/api/webhooks/whop`;
  const response = await fetch(url, { method: "POST", headers: delivery.headers, body }).catch((error: Error) => {
    throw new Error(`Could not reach the app at ${url} (${error.message}). Is it running (npm start)?`);
  });
  const text = await response.text();
  const data = JSON.parse(body).data;
  console.log(`${type} for ${whopUserId} (membership ${data.id}, plan ${data.plan.id}) → ${response.status} ${text}`);
  return response.ok ? 0 : 1;
});
