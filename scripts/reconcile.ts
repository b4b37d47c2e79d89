// `npm run reconcile`: one reconciliation run against Whop, printing its counts. Exits 1 when the
// run failed, 0 when it succeeded or was skipped because another instance is running one.
// `npm run reconcile -- --force` applies a result refused for expiring too many PRO grants, once an
// operator has checked Whop (a listing that cannot be trusted is refused even then).
// With the embedded database the running app holds its folder: this refuses and says so.
import { parseArgs } from "node:util";
import { reconcileAll } from "../src/server/billing/reconcile";
import { composeContext } from "../src/server/context";
import { prepareDatabase } from "../src/server/db";
import { runCli } from "./cli";

runCli("Reconciliation", async (config) => {
  const { values } = parseArgs({ options: { force: { type: "boolean", default: false } }, strict: true });
  const database = await prepareDatabase(config);
  try {
    const ctx = composeContext({ config, database });
    const report = await reconcileAll(ctx, "cli", { force: values.force });
    const { checked, activated, expired, unchanged, failed } = report;
    console.log(
      `Reconciliation ${report.status}: checked ${checked}, activated ${activated}, expired ${expired}, unchanged ${unchanged}, failed ${failed}.`,
    );
    if (report.error) console.log(`Reason: ${report.error}`);
    return report.status === "failed" ? 1 : 0;
  } finally {
    await database.close();
  }
});
