import { env } from "./env";
import { errorFields } from "./logging/logger";
import { log } from "./logging/log";

/** Stops the web process with a readable message when a setting is missing or malformed. */
export function checkEnvAtStartup() {
  try {
    env();
  } catch (error) {
    log.fatal(errorFields(error), "Mailroom's settings are not valid");
    process.exit(1);
  }
}
