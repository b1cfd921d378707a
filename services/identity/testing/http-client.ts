import { createHash, randomBytes } from "node:crypto";

/** A browser stand-in for tests: fetch without auto-redirects, plus a cookie jar that honours paths. */
export class Browser {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie) headers.set("cookie", cookie);
    const res = await fetch(target, { ...init, headers, redirect: "manual" });
    this.store(res, target);
    return res;
  }

  /** Follows redirects on the given origin only; stops at the first response from elsewhere or a non-redirect. */
  async follow(url: string | URL, origin: string, init: RequestInit = {}): Promise<{ res: Response; url: URL }> {
    let current = new URL(url);
    let res = await this.request(current, init);
    while (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get("location") ?? "", current);
      await res.body?.cancel();
      if (next.origin !== origin) return { res, url: next };
      current = next;
      res = await this.request(current);
    }
    return { res, url: current };
  }

  /** A cookie the page's own script would set (`document.cookie`), sent from now on like the others. */
  setCookie(name: string, value: string, path = "/"): void {
    this.cookies.set(`${name}@${path}`, { name, value, path });
  }

  cookieNames(): string[] {
    return [...this.cookies.values()].map((c) => `${c.name}@${c.path}`);
  }

  /** The Cookie header this browser sends to `url`. */
  cookieHeader(url: URL): string {
    return [...this.cookies.values()]
      .filter((c) => c.path === "/" || url.pathname === c.path || url.pathname.startsWith(`${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  private store(res: Response, url: URL): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = url.pathname.replace(/\/[^/]*$/, "") || "/";
      let expired = value === "";
      for (const attr of attrs) {
        const [k = "", v = ""] = attr.split("=");
        if (k.toLowerCase() === "path") path = v;
        if (k.toLowerCase() === "max-age" && Number(v) <= 0) expired = true;
        if (k.toLowerCase() === "expires" && Date.parse(v) <= Date.now()) expired = true;
      }
      const key = `${name}@${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function randomToken(): string {
  return randomBytes(16).toString("base64url");
}
