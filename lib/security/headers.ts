/** The Content-Security-Policy for pages: scripts only with this request's nonce, no framing, no plugins. */
export function contentSecurityPolicy({ nonce, dev, formTargets = [] }: { nonce: string; dev: boolean; formTargets?: string[] }) {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic' lets Next's nonce'd bootstrap load its chunks; dev mode needs eval for fast refresh.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // Inline styles only (React style attributes); scripts never get 'unsafe-inline'.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    // Chromium applies form-action to the redirect after a POST, so sign-in needs the provider's origin.
    "form-action": ["'self'", ...formTargets],
  };
  if (!dev) directives["upgrade-insecure-requests"] = [];
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

/** A fresh random nonce, base64, for one response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** HSTS only means something over HTTPS; browsers ignore it on plain HTTP. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/** Origins a sign-in or sign-out form may end up at. */
export function originOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    return [new URL(url).origin];
  } catch {
    return [];
  }
}
