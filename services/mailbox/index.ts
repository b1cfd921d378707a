/** Public surface of the mailbox service for other parts of Mailroom (start scripts, tests). */
export { loadConfig, type MailboxConfig } from "./config";
export { createMailboxServer, startMailboxServer, type MailboxServer } from "./server";
export { describeDemoMailboxes } from "./directory";
export { OffsetClock, systemClock, type Clock } from "./clock";
