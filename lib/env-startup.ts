import { env } from "./env";

/** Stops the web process with a readable message when a setting is missing or malformed. */
export function checkEnvAtStartup() {
  try {
    env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
