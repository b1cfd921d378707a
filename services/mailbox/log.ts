import { createLogger } from "../../lib/logging/logger";

/** The mailbox server's structured logger (JSON lines on standard output, LOG_LEVEL). */
export const log = createLogger("mailbox");
