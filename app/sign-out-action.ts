"use server";

import { redirect } from "next/navigation";
import { endMailroomSession } from "@/lib/auth/end-session";
import { signOut } from "@/lib/auth/next-auth";
import { endSessionUrl } from "@/lib/auth/provider-metadata";
import { getUser } from "@/lib/auth/session";
import { getIdToken } from "@/lib/auth/session-token";
import { routes } from "@/lib/routes";

/** Ends the Mailroom session (server record and cookie), then the identity provider's session. */
export async function signOutAction() {
  const [idToken, user] = await Promise.all([getIdToken(), getUser()]);
  await endMailroomSession(user?.id ?? null);
  await signOut({ redirect: false });
  // Ending the provider's session too, so the next person at a shared computer must sign in afresh.
  const providerSignOut = await endSessionUrl(idToken);
  redirect(providerSignOut ? routes.external(providerSignOut) : routes.signedOut);
}
