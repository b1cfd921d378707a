import type { Metadata } from "next";
import { unstable_rethrow } from "next/navigation";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";

/**
 * A page's title from data, or `fallback` when a backend is down. Next resolves metadata outside the
 * page's error boundary, so a failure here would replace the whole document with an empty error shell
 * instead of the problem page; the page itself still fails and shows it. notFound() and redirect() pass.
 */
export async function titleOr(fallback: string, title: () => Promise<string>): Promise<Metadata> {
  try {
    return { title: await title() };
  } catch (error) {
    unstable_rethrow(error);
    log.warn(errorFields(error), "the page title could not be read");
    return { title: fallback };
  }
}
