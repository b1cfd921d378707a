import type { Route } from "next";

/*
 * Mailroom's own addresses, built in one place. Each return type names the route pattern, so with
 * `typedRoutes` a misspelt path fails the typecheck instead of being cast past it.
 */

type Query = Record<string, string | number | undefined>;
type WithQuery<Path extends string> = Path | `${Path}?${string}`;

type SignInRoute = Route<WithQuery<"/sign-in">>;
type InboxRoute = Route<WithQuery<`/mailboxes/${string}/inbox`>>;
type MessageRoute = Route<`/mailboxes/${string}/messages/${string}`>;
type PreviewRoute = Route<`/mailboxes/${string}/messages/${string}/preview`>;
type SendRoute = Route<WithQuery<`/mailboxes/${string}/send`>>;
type SendCheckRoute = Route<`/mailboxes/${string}/send/check?${string}`>;
type SentConfirmationRoute = Route<`/mailboxes/${string}/send/sent/${string}`>;
type SentRoute = Route<WithQuery<`/mailboxes/${string}/sent`>>;
type SentMessageRoute = Route<WithQuery<`/mailboxes/${string}/sent/${string}`>>;
type MailboxesRoute = Route<WithQuery<"/mailboxes">>;
type AdminPeopleRoute = Route<WithQuery<`/mailboxes/${string}/admin`>>;
type AdminGrantRoute = Route<WithQuery<`/mailboxes/${string}/admin/grant`>>;
type AdminGrantCheckRoute = Route<WithQuery<`/mailboxes/${string}/admin/grant/check`>>;
type AdminPersonRoute = Route<WithQuery<`/mailboxes/${string}/admin/people/${string}`>>;
type AdminRemoveRoute = Route<`/mailboxes/${string}/admin/people/${string}/remove`>;
type AdminAuditRoute = Route<WithQuery<`/mailboxes/${string}/admin/audit`>>;
type AdminReviewRoute = Route<WithQuery<`/mailboxes/${string}/admin/review`>>;
type AdminSettingsRoute = Route<WithQuery<`/mailboxes/${string}/admin/settings`>>;

/** Any page address `routes` builds: what components that render links (back link, pagination) accept. */
export type AppRoute =
  | Route<"/">
  | Route<"/mailboxes">
  | Route<"/signed-out">
  | SignInRoute
  | InboxRoute
  | MessageRoute
  | PreviewRoute
  | SendRoute
  | SendCheckRoute
  | SentConfirmationRoute
  | SentRoute
  | SentMessageRoute
  | MailboxesRoute
  | AdminPeopleRoute
  | AdminGrantRoute
  | AdminGrantCheckRoute
  | AdminPersonRoute
  | AdminRemoveRoute
  | AdminAuditRoute
  | AdminReviewRoute;

const segment = (id: string) => encodeURIComponent(id);

function search(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, String(value));
  return params.size > 0 ? `?${params}` : "";
}

export const routes = {
  start: "/" as const satisfies Route,
  mailboxes: "/mailboxes" as const satisfies Route,
  signedOut: "/signed-out" as const satisfies Route,

  signIn(query: { returnTo?: string; reason?: string } = {}): SignInRoute {
    const qs = search(query);
    return qs ? `/sign-in?${qs.slice(1)}` : "/sign-in";
  },

  inbox(mailboxId: string, query: Query = {}): InboxRoute {
    const qs = search(query);
    return qs ? `/mailboxes/${segment(mailboxId)}/inbox?${qs.slice(1)}` : `/mailboxes/${segment(mailboxId)}/inbox`;
  },

  message(mailboxId: string, messageId: string): MessageRoute {
    return `/mailboxes/${segment(mailboxId)}/messages/${segment(messageId)}`;
  },

  preview(mailboxId: string, messageId: string): PreviewRoute {
    return `/mailboxes/${segment(mailboxId)}/messages/${segment(messageId)}/preview`;
  },

  sendFile(mailboxId: string, query: Query = {}): SendRoute {
    const qs = search(query);
    return qs ? `/mailboxes/${segment(mailboxId)}/send?${qs.slice(1)}` : `/mailboxes/${segment(mailboxId)}/send`;
  },

  /** Check your answers without JavaScript: the answers come from the send key's record. */
  sendCheck(mailboxId: string, key: string): SendCheckRoute {
    return `/mailboxes/${segment(mailboxId)}/send/check?${new URLSearchParams({ key })}`;
  },

  /** The confirmation after a send; a bookmark of it shows the same page and sends nothing again. */
  sentConfirmation(mailboxId: string, messageId: string): SentConfirmationRoute {
    return `/mailboxes/${segment(mailboxId)}/send/sent/${segment(messageId)}`;
  },

  /** What the mailbox sent, newest first, with filters in the query. */
  sent(mailboxId: string, query: Query = {}): SentRoute {
    const qs = search(query);
    return qs ? `/mailboxes/${segment(mailboxId)}/sent?${qs.slice(1)}` : `/mailboxes/${segment(mailboxId)}/sent`;
  },

  /** One sent message's story; `checked` says what "Check now" found. */
  sentMessage(mailboxId: string, messageId: string, query: Query = {}): SentMessageRoute {
    const qs = search(query);
    const path = `/mailboxes/${segment(mailboxId)}/sent/${segment(messageId)}` as const;
    return qs ? `${path}?${qs.slice(1)}` : path;
  },

  /** The mailbox list telling someone that an admin removed their access to `mailboxId`. */
  accessRemoved(mailboxId: string): MailboxesRoute {
    return `/mailboxes?${new URLSearchParams({ removed: mailboxId })}`;
  },

  /** Admin area (issue 16): People is its first page. */
  adminPeople(mailboxId: string, query: Query = {}): AdminPeopleRoute {
    return `/mailboxes/${segment(mailboxId)}/admin${search(query)}` as AdminPeopleRoute;
  },

  adminGrant(mailboxId: string, query: Query = {}): AdminGrantRoute {
    return `/mailboxes/${segment(mailboxId)}/admin/grant${search(query)}` as AdminGrantRoute;
  },

  /** Check your answers before access is given; the answers ride in the query. */
  adminGrantCheck(mailboxId: string, query: Query = {}): AdminGrantCheckRoute {
    return `/mailboxes/${segment(mailboxId)}/admin/grant/check${search(query)}` as AdminGrantCheckRoute;
  },

  adminPerson(mailboxId: string, personId: string, query: Query = {}): AdminPersonRoute {
    return `/mailboxes/${segment(mailboxId)}/admin/people/${segment(personId)}${search(query)}` as AdminPersonRoute;
  },

  adminRemove(mailboxId: string, personId: string): AdminRemoveRoute {
    return `/mailboxes/${segment(mailboxId)}/admin/people/${segment(personId)}/remove`;
  },

  adminAudit(mailboxId: string, query: Query = {}): AdminAuditRoute {
    return `/mailboxes/${segment(mailboxId)}/admin/audit${search(query)}` as AdminAuditRoute;
  },

  adminReview(mailboxId: string, query: Query = {}): AdminReviewRoute {
    return `/mailboxes/${segment(mailboxId)}/admin/review${search(query)}` as AdminReviewRoute;
  },

  /** The mailbox's settings: what MESH owns (read-only), the display name and the MESH credentials. */
  adminSettings(mailboxId: string, query: Query = {}): AdminSettingsRoute {
    return `/mailboxes/${segment(mailboxId)}/admin/settings${search(query)}` as AdminSettingsRoute;
  },

  /** Route handlers, for plain links and frames (not `Link`). */
  adminAuditExport: (mailboxId: string, query: Query = {}) => `/api/mailboxes/${segment(mailboxId)}/admin/audit/export${search(query)}`,
  messageContent: (mailboxId: string, messageId: string) => `/api/mailboxes/${segment(mailboxId)}/messages/${segment(messageId)}/content`,
  messagePdf: (mailboxId: string, messageId: string) => `/api/mailboxes/${segment(mailboxId)}/messages/${segment(messageId)}/preview`,
  outbox: (mailboxId: string) => `/api/mailboxes/${segment(mailboxId)}/outbox`,
  outboxForm: (mailboxId: string) => `/api/mailboxes/${segment(mailboxId)}/outbox/form`,
  sentStatuses: (mailboxId: string) => `/api/mailboxes/${segment(mailboxId)}/sent/statuses`,
  sentExport: (mailboxId: string, query: Query = {}) => `/api/mailboxes/${segment(mailboxId)}/sent/export${search(query)}`,

  /**
   * A path read at run time (a `returnTo` parameter) that `safeReturnPath` has already checked stays
   * on this site. The router cannot type such a path, so this is the one place that asserts it.
   */
  checkedLocalPath(path: string): AppRoute {
    return path as AppRoute;
  },

  /** Another site's address (the identity provider's end-session page), as a route `redirect` accepts. */
  external(url: URL): Route<`${string}:${string}`> {
    return `${url.protocol.slice(0, -1)}:${url.href.slice(url.protocol.length)}`;
  },
};
