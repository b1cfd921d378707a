/**
 * A path on this site to go back to after signing in, or the fallback. Anything that could leave
 * the origin is refused: absolute URLs, scheme-relative `//host`, backslash tricks browsers read as
 * `//`, control characters and `javascript:`-style schemes.
 */
export function safeReturnPath(candidate: unknown, fallback = "/mailboxes"): string {
  if (typeof candidate !== "string" || candidate.length === 0 || candidate.length > 2000) return fallback;
  if (!candidate.startsWith("/")) return fallback;
  if (candidate.startsWith("//") || candidate.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  try {
    const base = "http://mailroom.invalid";
    const resolved = new URL(candidate, base);
    if (resolved.origin !== base) return fallback;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return fallback;
  }
}
