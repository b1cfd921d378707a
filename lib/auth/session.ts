import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { touchSession } from "@/lib/db/queries/sessions";
import { env } from "@/lib/env";
import { isBackgroundRender } from "./background-refresh";
import { auth } from "./next-auth";
import { safeReturnPath } from "./return-to";
import { getSessionId } from "./session-token";
import { routes } from "@/lib/routes";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";

export type User = {
  id: string;
  name: string;
  email: string;
  orgName: string;
  /** Organisations where this sign-in carries a CIS2 role; grants elsewhere are not honoured (ADR 0016). */
  orgCodes: readonly string[];
  sessionId: string;
  /** When the session ends if the person does nothing more. */
  idleExpiresAt: Date;
  /** The same, as time left when it was checked (for a browser whose clock may be wrong). */
  idleRemainingMs: number;
};

export type UserCheck = { user: User } | { user: null; reason: "signed-out" | "idle" | "absolute" | "revoked" };

/**
 * The signed-in person, checked against the server-side session record: the encrypted cookie alone is
 * not enough, so idle and absolute timeouts and back-channel logout hold in every web process.
 * `activity: false` checks without counting as activity (background polling must not keep a session alive).
 */
export async function checkUser({ activity = true }: { activity?: boolean } = {}): Promise<UserCheck> {
  const session = await auth();
  const raw = session as unknown as { user?: { id?: string; name?: string; email?: string; orgName?: string } } | null;
  const token = await getSessionId();
  if (!raw?.user?.id || !token) return { user: null, reason: "signed-out" };
  const settings = env();
  const idleMs = settings.SESSION_IDLE_MINUTES * 60_000;
  const now = new Date();
  const db = await getDb();
  const result = await touchSession(db, token, now, idleMs, { touch: activity });
  if (result.status === "valid") {
    const last = result.session.lastSeenAt;
    return {
      user: {
        id: raw.user.id,
        name: raw.user.name ?? "",
        email: raw.user.email ?? "",
        orgName: raw.user.orgName ?? "",
        orgCodes: result.session.orgCodes,
        sessionId: token,
        idleExpiresAt: new Date(Math.min(last.getTime() + idleMs, result.session.expiresAt.getTime())),
        idleRemainingMs: Math.max(0, Math.min(last.getTime() + idleMs, result.session.expiresAt.getTime()) - now.getTime()),
      },
    };
  }
  if (result.status === "expired") return { user: null, reason: result.reason };
  if (result.status === "revoked") return { user: null, reason: "revoked" };
  return { user: null, reason: "signed-out" };
}

/** Server components and actions: the inbox refreshing itself is not activity (background-refresh.ts). */
async function checkRender(): Promise<UserCheck> {
  return checkUser({ activity: !isBackgroundRender(await headers()) });
}

/** Cached per request, so a page's metadata, layouts and body check (and touch) the session once. */
const cachedCheck = cache(checkRender);

/** The signed-in person, or null: for what shows either way (the header). */
export const getUser = cache(async (): Promise<User | null> => (await cachedCheck()).user);

/**
 * For the frame around every page (header, navigation): the person, or null when the session cannot
 * be checked because a backend is down. The page inside still checks and shows the problem page; a
 * failing frame would instead take down the root layout, leaving an empty document without JavaScript.
 */
export async function getUserForFrame(): Promise<User | null> {
  try {
    return await getUser();
  } catch (error) {
    log.warn(errorFields(error), "the page frame could not check the session");
    return null;
  }
}

/** For pages and actions: the signed-in person, or a redirect to sign in and come back here. */
export async function requireUser(returnTo?: string): Promise<User> {
  const check = await cachedCheck();
  if (check.user) return check.user;
  const back = safeReturnPath(returnTo ?? (await currentPath()), "/mailboxes");
  redirect(routes.signIn({ returnTo: back, reason: check.reason === "signed-out" ? undefined : check.reason }));
}

/** The path being rendered, as the proxy recorded it (only ever used as a return path, after checking). */
async function currentPath(): Promise<string | undefined> {
  return (await headers()).get("x-mailroom-path") ?? undefined;
}
