/**
 * Whether a request that changes state came from a page of `appOrigin`. Browsers send
 * `Sec-Fetch-Site`, and older ones `Origin`, on every POST; a request with neither comes from a
 * program, which another site cannot drive with the person's cookies.
 */
export function isSameOriginRequest(headers: Headers, appOrigin: string): boolean {
  const site = headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = headers.get("origin");
  if (origin) return origin === new URL(appOrigin).origin;
  return true;
}
