import "server-only";
import { headers } from "next/headers";

/**
 * Fetch Metadata: browsers say in `Sec-Fetch-Site` where a request came from. A GET that changes
 * state (opening a message marks it opened and audits it) must come from our own pages
 * (`same-origin`) or from the person (`none`: typed, bookmarked). `same-site` is another origin too.
 * Requests without the header come from programs or very old browsers, which a link on another site
 * cannot drive with the person's cookies.
 */
export function isCrossSite(secFetchSite: string | null): boolean {
  return secFetchSite === "cross-site" || secFetchSite === "same-site";
}

export async function requestIsCrossSite(): Promise<boolean> {
  return isCrossSite((await headers()).get("sec-fetch-site"));
}

/** Thrown instead of opening a message for a request another site started. */
export class CrossSiteRequestError extends Error {
  constructor() {
    super("Refused to open a message for a cross-site request");
    this.name = "CrossSiteRequestError";
  }
}
