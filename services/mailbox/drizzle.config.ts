import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./services/mailbox/db/schema.ts",
  out: "./services/mailbox/drizzle",
});
