/**
 * Requests the browser makes by itself must not keep an idle session alive (issue 5: background polling
 * is not activity). A route handler says so itself (`activity: false`). The inbox's re-render when its
 * poll sees new messages (`router.refresh()`) reaches server components instead, and carries no mark that
 * they can see: Next hides its router headers from `headers()` and from `proxy.ts`. So the page sets a
 * short-lived cookie just before the refresh and clears it when the refresh is done.
 *
 * The cookie can only stop a request from counting as activity, so a client gains nothing by forging it.
 * It is ignored on a page load (`Sec-Fetch-Mode: navigate`) and on a server action (`Next-Action`), so
 * what the person does while a refresh is under way still counts.
 *
 * A prefetch cannot be told apart for the same reason, and a prefetch of a mailbox page checks the
 * session. So links that a refresh can bring into view (the inbox's rows and pages) do not prefetch.
 */
export const BACKGROUND_REFRESH_COOKIE = "mailroom-background-refresh";

/** Long enough for one refresh; the page clears it sooner, this only bounds a refresh that never ended. */
const MAX_AGE_SECONDS = 30;

/** True when a server-component render is the page refreshing itself, not the person. */
export function isBackgroundRender(headers: Pick<Headers, "get">): boolean {
  if (headers.get("sec-fetch-mode") === "navigate" || headers.get("next-action") !== null) return false;
  const cookie = headers.get("cookie") ?? "";
  return cookie.split(";").some((part) => part.trim() === `${BACKGROUND_REFRESH_COOKIE}=1`);
}

function writeCookie(value: string, maxAge: number): void {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${BACKGROUND_REFRESH_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; SameSite=Strict${secure}`;
}

/** Browser only: the next server render is the page refreshing itself. */
export function markBackgroundRefresh(): void {
  writeCookie("1", MAX_AGE_SECONDS);
}

/** Browser only: the refresh is over; what follows is the person again. */
export function clearBackgroundRefresh(): void {
  writeCookie("", 0);
}
