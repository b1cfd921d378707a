/**
 * The demo seed step, run by `npm start` and by the browser and web tests before the web server starts:
 * opens the app database (DATABASE_URL), applies its migrations, adds the demo data when the database is
 * empty and the settings allow it (lib/db/seed.ts), and closes it again, since a PGlite directory can be
 * open in only one process.
 */
import { z } from "zod";
import { openDb } from "../lib/db/app-db";
import { seedDemoDataIfAllowed } from "../lib/db/seed";
import { envSchema } from "../lib/env";

const parsed = envSchema.pick({ DATABASE_URL: true, SEED_DEMO_DATA: true }).safeParse(process.env);
if (!parsed.success) {
  console.error(`The demo seed step cannot run because of its settings:\n${z.prettifyError(parsed.error)}\nSee .env.example.`);
  process.exit(1);
}

const { db, close } = await openDb(parsed.data.DATABASE_URL);
try {
  const outcome = await seedDemoDataIfAllowed(db, { ...process.env, SEED_DEMO_DATA: parsed.data.SEED_DEMO_DATA });
  if (outcome === "seeded") console.log("Added the demo organisations, mailboxes, people and grants to the empty database.");
  if (outcome === "refused in production") console.log("No demo data added: NODE_ENV is production (SEED_DEMO_DATA=true would add it).");
} finally {
  await close();
}
