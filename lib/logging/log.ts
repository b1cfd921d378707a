import { createLogger } from "./logger";

/** The web process's structured logger. */
export const log = createLogger("web");
