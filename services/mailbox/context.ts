import type { IncomingMessage, ServerResponse } from "node:http";
import type { Authenticator } from "./auth";
import type { Clock } from "./clock";
import type { MailboxConfig } from "./config";
import type { Directory, Mailbox } from "./directory";
import type { ApiVersion } from "./errors";
import type { ChunkStore } from "./storage";
import type { MessageStore } from "./store";

/** Everything a handler needs; one per server. `directory` is replaced on admin reset. */
export type App = {
  config: MailboxConfig;
  clock: Clock;
  directory: Directory;
  store: MessageStore;
  chunks: ChunkStore;
  auth: Authenticator;
  /** Message ids with a chunk upload in progress: a second concurrent upload is refused. */
  uploading: Set<string>;
  reloadDirectory(): Promise<void>;
  sweep(): Promise<{ expired: number; deleted: number }>;
};

/** One request: what the route table matched, and the mailbox it authenticated as. */
export type Ctx = {
  app: App;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  version: ApiVersion;
  /** Path parameters named in the matched route's pattern. */
  params: Record<string, string>;
  /** The authenticated mailbox, on mailbox-scoped routes. */
  mailbox?: Mailbox;
  /** The web app's request id (x-request-id), for the request log. */
  requestId?: string | null;
  /** For the request log. */
  logMailbox?: string;
};

export type Handler = (ctx: Ctx) => Promise<void> | void;
