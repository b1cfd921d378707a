import "server-only";
import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { env } from "@/lib/env";

/** Auth.js names its cookie by scheme: `__Secure-` prefixed over HTTPS. */
export function sessionCookieName(): string {
  return env().AUTH_URL.startsWith("https:") ? "__Secure-authjs.session-token" : "authjs.session-token";
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
