import { defineConfig } from "drizzle-kit";

// `npm run db:generate` diffs lib/db/schema.ts against drizzle/ and writes the next SQL migration.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
});
