import "server-only";
import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { env } from "@/lib/env";

/**
 * Over HTTPS the session cookie takes the `__Host-` prefix (ADR 0019): the browser then keeps it only
 * if it is Secure, for Path=/ and without a Domain, so no other host under the same domain can set or
 * overwrite it. Auth.js's own default over HTTPS is the weaker `__Secure-`.
 */
export function sessionCookieName(authUrl = env().AUTH_URL): string {
  return authUrl.startsWith("https:") ? "__Host-authjs.session-token" : "authjs.session-token";
}

/** The session cookie's name and attributes, as Auth.js's `cookies.sessionToken` setting. */
export function sessionCookieSetting(authUrl: string) {
  const secure = authUrl.startsWith("https:");
  return { name: sessionCookieName(authUrl), options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure } };
}

async function readToken() {
  const name = sessionCookieName();
  const jar = await cookies();
  // Auth.js splits a large cookie into name.0, name.1…
  const value =
    jar.get(name)?.value ??
    jar
      .getAll()
      .filter((cookie) => cookie.name.startsWith(`${name}.`))
      .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)))
      .map((cookie) => cookie.value)
      .join("");
  if (!value) return null;
  return decode({ token: value, secret: env().AUTH_SECRET, salt: name }).catch(() => null);
}

/** The id of the server-side session record inside the encrypted Auth.js cookie, if any. */
export async function getSessionId(): Promise<string | null> {
  const token = await readToken();
  return typeof token?.sessionId === "string" ? token.sessionId : null;
}

/** The ID token from sign-in, for the provider's end-session `id_token_hint`. */
export async function getIdToken(): Promise<string | null> {
  const token = await readToken();
  return typeof token?.idToken === "string" ? token.idToken : null;
}
