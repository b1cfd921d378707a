import { createLogger } from "../../lib/logging/logger";

/** The identity provider's structured logger (JSON lines on standard output, LOG_LEVEL). */
export const log = createLogger("identity");
