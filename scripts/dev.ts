// `npm run dev`: the development server with hot reload, ready to use like `npm start`: the
// configuration validated (environment and .env files), the database migrated and seeded, and the
// local sign-in provider running when no Whop app is configured (launch.ts).
import { loadProjectEnv } from "../src/server/app-config";
import { configOrExit, prepareDatabaseOrExit, serve, startLocalSignIn } from "./launch";

async function main(): Promise<void> {
  loadProjectEnv({ dev: true });
  const config = configOrExit();
  await prepareDatabaseOrExit(config);
  serve(config, "dev", await startLocalSignIn(config));
}

main().catch((error) => {
  console.error(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
