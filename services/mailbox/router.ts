import type { App, Handler } from "./context";

/**
 * One entry of the route table. `path` is matched segment by segment against a literal, `{name}` (the
 * segment percent-decoded), `{name:id}` (decoded, trimmed and upper-cased, as MESH compares ids),
 * `{name:raw}` (as sent; the handler decodes it) or a final `**` (any number of further segments).
 */
export type Route = {
  methods: readonly string[] | "any";
  path: string;
  handler: Handler;
  /** Answers only to a token for the `{mailbox}` in its path. */
  mailboxScoped: boolean;
  /** Part of the admin API: answers only to requests that name this server in Host. */
  admin?: boolean;
  /** Skipped when false, e.g. the admin endpoints when MAILBOX_ADMIN is off. */
  enabled?: (app: App) => boolean;
};

type Segment = { literal: string } | { param: string; read: (segment: string) => string } | { rest: true };

export type CompiledRoute = Route & { segments: Segment[] };

export type RouteMatch = { route: CompiledRoute; params: Record<string, string> };

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const READERS: Record<string, (segment: string) => string> = {
  text: decoded,
  id: (segment) => decoded(segment).trim().toUpperCase(),
  raw: (segment) => segment,
};

function compileSegment(part: string): Segment {
  if (part === "**") return { rest: true };
  const param = /^\{(\w+)(?::(\w+))?\}$/.exec(part);
  if (!param) return { literal: part };
  const read = READERS[param[2] ?? "text"];
  if (!read) throw new Error(`unknown kind of path parameter: ${part}`);
  return { param: param[1]!, read };
}

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => ({ ...route, segments: route.path.split("/").filter(Boolean).map(compileSegment) }));
}

function fit(pattern: Segment[], segments: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (const [i, want] of pattern.entries()) {
    if ("rest" in want) return params;
    const segment = segments[i];
    if (segment === undefined) return null;
    if ("literal" in want) {
      if (segment !== want.literal) return null;
    } else params[want.param] = want.read(segment);
  }
  return segments.length === pattern.length ? params : null;
}

/**
 * The first enabled route whose path fits, in table order (so `inbox/rich` must come before
 * `inbox/{messageId}`). Its methods are left to the caller: a known path with the wrong method is a 405.
 */
export function matchRoute(routes: CompiledRoute[], app: App, segments: string[]): RouteMatch | null {
  for (const route of routes) {
    if (route.enabled && !route.enabled(app)) continue;
    const params = fit(route.segments, segments);
    if (params) return { route, params };
  }
  return null;
}

export function allowsMethod(route: Route, method: string): boolean {
  return route.methods === "any" || route.methods.includes(method);
}
