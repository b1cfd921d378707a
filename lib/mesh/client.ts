import os from "node:os";
import type { SendSource } from "./chunks";
import { mailboxConfigurationSchema, type MailboxConfiguration } from "./configuration";
import { downloadMessage, readMessageHeaders, type MeshDownload } from "./download";
import { MeshError, meshError } from "./errors";
import { withRetry } from "./http";
import { ACCEPT_V1, createMailboxRequests, type CallOptions, type MeshClientOptions } from "./requests";
import {
  addressResultsSchema,
  countSchema,
  inboxPageSchema,
  richPageSchema,
  trackingSchema,
  trackingV1Schema,
  type InboxPage,
  type MailboxAddress,
  type MessageHeaders,
  type RichMessage,
  type Tracking,
  type TrackingV1,
} from "./schemas";
import { sendMessage, type SendMetadata, type SendOptions, type SendResult } from "./send";
import { MESH_CLIENT_NAME, MESH_CLIENT_VERSION } from "./version";

export type ListInboxOptions = CallOptions & {
  /** `WF`, `!WF`, `WF*`, `!WF*`, `*PART*` or `!*PART*` (`!` negates, `*` matches any run). */
  workflowFilter?: string;
  /** Page size, 10–5000. */
  maxResults?: number;
};

export type RichListOptions = CallOptions & { startTime?: Date; maxResults?: number };
export type RichPage = { messages: RichMessage[]; next?: string };

export type MeshClient = ReturnType<typeof createMeshClient>;

/** Creates a MESH API client for one mailbox: one method per endpoint. Close it when done to free pooled connections. */
export function createMeshClient(options: MeshClientOptions) {
  const requests = createMailboxRequests(options);
  const { url, mailboxUrl, call, drain, getJson, followLink, pages, retry } = requests;

  return {
    mailboxId: requests.mailbox,

    /** Validates the mailbox and tells MESH it is in use; call at least daily. */
    async handshake(opts: CallOptions = {}): Promise<void> {
      const context = "handshake";
      await withRetry(
        async () => {
          const res = await call({
            method: "POST",
            url: mailboxUrl(),
            headers: {
              "content-length": "0",
              "mex-clientversion": `${MESH_CLIENT_NAME}==${MESH_CLIENT_VERSION}`,
              "mex-osname": os.type(),
              "mex-osversion": os.release(),
              "mex-osarchitecture": os.arch(),
            },
            signal: opts.signal,
            context,
          });
          await drain(res, context);
        },
        retry,
        opts.signal,
      );
    },

    /**
     * Sends a message of any length in chunks. Holds one chunk in memory (plus its gzip form when
     * `compress` is on); input of unknown length that does not fit one chunk is first spooled to
     * a private temp file to learn N (docs/adr/0150). If the call fails or is aborted before the
     * last chunk, the message is never finalised and the recipient never sees it.
     */
    send(source: SendSource, meta: SendMetadata, opts: SendOptions = {}): Promise<SendResult> {
      return sendMessage(requests, source, meta, opts);
    },

    /** One page of the inbox; `next` is the link to the following page, if any. */
    async listInboxPage(opts: ListInboxOptions & { next?: string } = {}): Promise<InboxPage> {
      const target = opts.next ? followLink(opts.next, "inbox list") : mailboxUrl("/inbox", inboxQuery(opts));
      return getJson(target, inboxPageSchema, "inbox list", opts);
    },

    /** Every message id ready to download, oldest first, following `links.next` to the end. */
    async listInbox(opts: ListInboxOptions = {}): Promise<string[]> {
      const ids: string[] = [];
      const fetchPage = (target: URL) => getJson(target, inboxPageSchema, "inbox list", opts);
      for await (const page of pages(mailboxUrl("/inbox", inboxQuery(opts)), fetchPage, "inbox list")) {
        ids.push(...page.messageIds);
      }
      return ids;
    },

    /** Number of messages ready to download (a deprecated endpoint, still served). */
    async inboxCount(opts: CallOptions = {}): Promise<number> {
      return getJson(mailboxUrl("/count"), countSchema, "inbox count", opts);
    },

    /** A message's metadata without its body (HEAD). Works for the sender and the recipient. */
    messageHeaders(messageId: string, opts: CallOptions = {}): Promise<MessageHeaders & { messageId: string }> {
      return readMessageHeaders(requests, messageId, opts);
    },

    /**
     * Downloads a message as one stream. Resolves once chunk 1's headers arrive; chunks 2..N are
     * requested only as the stream is consumed, and each gzip part is decoded. Errors after that
     * (including a later chunk failing) arrive as a MeshError on the stream.
     */
    download(messageId: string, opts: CallOptions = {}): Promise<MeshDownload> {
      return downloadMessage(requests, messageId, opts);
    },

    /** Removes a message from the inbox once it has been processed. Safe to repeat. */
    async acknowledge(messageId: string, opts: CallOptions = {}): Promise<void> {
      const context = `acknowledgement of message ${messageId}`;
      await withRetry(
        async () => {
          const res = await call({
            method: "PUT",
            url: mailboxUrl(`/inbox/${encodeURIComponent(messageId)}/status/acknowledged`),
            headers: { "content-length": "0" },
            signal: opts.signal,
            context,
          });
          await drain(res, context);
        },
        retry,
        opts.signal,
      );
    },

    /** Delivery status of a message this mailbox sent (v2 shape). */
    async track(messageId: string, opts: CallOptions = {}): Promise<Tracking> {
      return getJson(mailboxUrl("/outbox/tracking", { messageID: messageId }), trackingSchema, `tracking of message ${messageId}`, opts);
    },

    /** Delivery status in the older, richer v1 shape (sender details, file size, chunk count). */
    async trackV1(messageId: string, opts: CallOptions = {}): Promise<TrackingV1> {
      return getJson(mailboxUrl("/outbox/tracking", { messageID: messageId }), trackingV1Schema, `tracking of message ${messageId}`, {
        ...opts,
        accept: ACCEPT_V1,
      });
    },

    /** Deprecated tracking by local id (always v1). Several matches: a `bad-request` MeshError with status 300. */
    async trackByLocalId(localId: string, opts: CallOptions = {}): Promise<TrackingV1> {
      return getJson(mailboxUrl(`/outbox/tracking/${encodeURIComponent(localId)}`), trackingV1Schema, `tracking of local id ${localId}`, {
        ...opts,
        accept: ACCEPT_V1,
      });
    },

    /** Mailboxes of organisation `odsCode` that receive `workflowId`; empty when none. */
    async lookupEndpoint(odsCode: string, workflowId: string, opts: CallOptions = {}): Promise<MailboxAddress[]> {
      requireText(odsCode, "ODS code");
      requireText(workflowId, "workflow id");
      return getJson(
        url(`/endpointlookup/${encodeURIComponent(odsCode.trim().toUpperCase())}/${encodeURIComponent(workflowId.trim())}`),
        addressResultsSchema,
        `endpoint lookup of ${odsCode} for ${workflowId}`,
        opts,
      );
    },

    /** Every mailbox that receives `workflowId`. */
    async searchWorkflow(workflowId: string, opts: CallOptions = {}): Promise<MailboxAddress[]> {
      requireText(workflowId, "workflow id");
      return getJson(
        url(`/workflowsearch/${encodeURIComponent(workflowId.trim())}`),
        addressResultsSchema,
        `workflow search for ${workflowId}`,
        opts,
      );
    },

    /** Rich inbox listing (every status, newest first), or null when the server does not offer it. */
    async richInbox(opts: RichListOptions = {}): Promise<RichMessage[] | null> {
      return rich("/inbox/rich", "rich inbox", opts);
    },

    /**
     * One page of the rich inbox (newest first), or null when the server does not offer it; `next` is
     * the link to the following page. Lets a caller stop once it has what it came for.
     */
    async richInboxPage(opts: RichListOptions & { next?: string } = {}): Promise<RichPage | null> {
      return richPage("/inbox/rich", "rich inbox", opts);
    },

    /**
     * One page of the rich outbox (what this mailbox sent, newest first), or null when the server does
     * not offer it (NHS MESH answers 404); `next` is the link to the following page.
     */
    async richOutboxPage(opts: RichListOptions & { next?: string } = {}): Promise<RichPage | null> {
      return richPage("/outbox/rich", "rich outbox", opts);
    },

    /** Rich outbox listing (what this mailbox sent), or null when the server does not offer it. */
    async richOutbox(opts: RichListOptions = {}): Promise<RichMessage[] | null> {
      return rich("/outbox/rich", "rich outbox", opts);
    },

    /**
     * The mailbox's workflows and the CC and redirect rules that apply to it, from Mailroom's embedded
     * mailbox server; null from a server without this view (NHS MESH, whose service team manages them).
     */
    async mailboxConfiguration(opts: CallOptions = {}): Promise<MailboxConfiguration | null> {
      try {
        return await getJson(mailboxUrl("/mailroom/configuration"), mailboxConfigurationSchema, "mailbox configuration", opts);
      } catch (error) {
        if (error instanceof MeshError && error.status === 404) return null;
        throw error;
      }
    },

    /** Frees pooled connections; the client must not be used afterwards. */
    close(): void {
      requests.close();
    },
  };

  async function richPage(rest: string, context: string, opts: RichListOptions & { next?: string }): Promise<RichPage | null> {
    const target = opts.next ? followLink(opts.next, context) : mailboxUrl(rest, richQuery(opts));
    try {
      return await getJson(target, richPageSchema, context, opts);
    } catch (error) {
      if (error instanceof MeshError && error.status === 404) return null;
      throw error;
    }
  }

  async function rich(rest: string, context: string, opts: RichListOptions): Promise<RichMessage[] | null> {
    const messages: RichMessage[] = [];
    const fetchPage = (target: URL) => getJson(target, richPageSchema, context, opts);
    try {
      for await (const page of pages(mailboxUrl(rest, richQuery(opts)), fetchPage, context)) messages.push(...page.messages);
    } catch (error) {
      // These views are not in the published API; a server without them answers 404.
      if (error instanceof MeshError && error.status === 404) return null;
      throw error;
    }
    return messages;
  }
}

function richQuery(opts: RichListOptions): Record<string, string | undefined> {
  return { start_time: opts.startTime?.toISOString(), max_results: opts.maxResults === undefined ? undefined : String(opts.maxResults) };
}

function inboxQuery(opts: ListInboxOptions): Record<string, string | undefined> {
  if (opts.maxResults !== undefined && !(Number.isInteger(opts.maxResults) && opts.maxResults >= 10 && opts.maxResults <= 5000)) {
    throw meshError("bad-request", `maxResults must be a whole number from 10 to 5000, not ${opts.maxResults}`);
  }
  const filter = opts.workflowFilter?.trim();
  if (filter !== undefined && (filter.length < 2 || filter.length > 255)) {
    throw meshError("bad-request", "a workflow filter must be 2 to 255 characters long");
  }
  return { max_results: opts.maxResults === undefined ? undefined : String(opts.maxResults), workflow_filter: filter };
}

function requireText(value: string, what: string): void {
  if (!value.trim()) throw meshError("bad-request", `a ${what} is required`);
  if (value.includes("/")) throw meshError("bad-request", `a ${what} cannot contain "/"`);
}
