import { defineConfig } from "drizzle-kit";

// Generation only: `npm run db:generate` diffs src/server/db/schema.ts against drizzle/.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/server/db/schema.ts",
  out: "./drizzle",
});
