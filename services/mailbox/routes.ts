import { OffsetClock } from "./clock";
import type { App, Handler } from "./context";
import { MeshError } from "./errors";
import * as admin from "./handlers/admin";
import { mailboxConfiguration } from "./handlers/configuration";
import * as inbox from "./handlers/inbox";
import * as lookup from "./handlers/lookup";
import * as send from "./handlers/send";
import * as tracking from "./handlers/tracking";
import { sendEmpty } from "./http-util";
import { compileRoutes, type Route } from "./router";

/** `"GET"`, `["GET", "HEAD"]` or `"any"`. */
type Methods = string | readonly string[];

function methodList(methods: Methods): Route["methods"] {
  if (typeof methods !== "string") return methods;
  return methods === "any" ? "any" : [methods];
}

/** Test rigs only (MAILBOX_ADMIN, or MAILBOX_COMPAT=sandbox); otherwise every admin path is a 404. */
const adminOn = (app: App) => app.config.adminEnabled;
const testClockOn = (app: App) => adminOn(app) && app.config.testClock && app.clock instanceof OffsetClock;

/** mesh-sandbox serves its admin endpoints, unauthenticated, at both `/admin/…` and `/messageexchange/admin/…`. */
function adminRoute(methods: Methods, path: string, handler: Handler, enabled = adminOn): Route[] {
  return ["/admin", "/messageexchange/admin"].map((prefix) => ({
    methods: methodList(methods),
    path: prefix + path,
    handler,
    mailboxScoped: false,
    admin: true,
    enabled,
  }));
}

function openRoute(methods: Methods, path: string, handler: Handler, enabled?: (app: App) => boolean, admin = false): Route {
  return { methods: methodList(methods), path, handler, mailboxScoped: false, admin, enabled };
}

function mailboxRoute(methods: Methods, path: string, handler: Handler): Route {
  return { methods: methodList(methods), path: `/messageexchange/{mailbox:id}${path}`, handler, mailboxScoped: true };
}

const notFound: Handler = () => {
  throw new MeshError(404, "Not Found");
};

/** Every endpoint of the mailbox server, the first that fits a path winning (health checks aside). */
export const ROUTES = compileRoutes([
  ...adminRoute("DELETE", "/reset", admin.resetAll),
  ...adminRoute("DELETE", "/reset/{mailboxId:id}", admin.resetMailbox),
  ...adminRoute("POST", "/report", admin.injectReport),
  ...adminRoute("POST", "/message/{messageId:id}/event", admin.addEvent),
  ...adminRoute("GET", "/message/{messageId:id}", admin.messageDetails),
  // mesh-sandbox expects the id already upper-case here.
  ...adminRoute("GET", "/mailbox/{mailboxId}", admin.mailboxDetails),
  ...adminRoute("POST", "/test/clock", admin.moveClock, testClockOn),
  ...adminRoute("POST", "/test/sweep", admin.sweepNow, testClockOn),
  // With the admin endpoints on, nothing else answers below it, not even a mailbox called ADMIN.
  openRoute("any", "/messageexchange/admin/**", notFound, adminOn),
  openRoute("GET", "/messageexchange/mailbox/{mailboxId}", admin.mailboxDetails, adminOn, true),
  openRoute("GET", "/messageexchange/endpointlookup/{ods:raw}/{workflowId:raw}", lookup.endpointLookup),
  openRoute("GET", "/messageexchange/workflowsearch/{workflowId:raw}", lookup.workflowSearch),
  mailboxRoute(["GET", "POST"], "", send.handshake),
  // Clients report their version here; there is nothing to keep.
  mailboxRoute("POST", "/update", (ctx) => sendEmpty(ctx.res, 200)),
  mailboxRoute("GET", "/count", inbox.count),
  mailboxRoute("POST", "/outbox", send.send),
  mailboxRoute("GET", "/outbox/tracking", tracking.tracking),
  mailboxRoute("GET", "/outbox/tracking/{localId:raw}", tracking.trackingByLocalId),
  mailboxRoute("GET", "/outbox/rich", (ctx) => inbox.rich(ctx, true)),
  mailboxRoute("POST", "/outbox/{messageId:id}/{chunk}", send.sendChunk),
  mailboxRoute("GET", "/inbox", inbox.listInbox),
  mailboxRoute("GET", "/inbox/rich", (ctx) => inbox.rich(ctx, false)),
  mailboxRoute(["GET", "HEAD"], "/inbox/{messageId:id}", inbox.download),
  mailboxRoute(["GET", "HEAD"], "/inbox/{messageId:id}/{chunk}", inbox.download),
  mailboxRoute("PUT", "/inbox/{messageId:id}/status/acknowledged", inbox.acknowledge),
  // Mailroom's own, not MESH's: the mailbox's workflows and delivery rules, for its settings page.
  mailboxRoute("GET", "/mailroom/configuration", mailboxConfiguration),
]);
