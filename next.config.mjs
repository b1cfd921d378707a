/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  typedRoutes: true,
  poweredByHeader: false,
  // `npm run typecheck` (tsc --noEmit over the whole repo) is its own step of `npm test`; not twice.
  typescript: { ignoreBuildErrors: true },
  // Load PGlite from node_modules at run time: bundled, its 15 MB of WASM would also be copied into the public static assets.
  serverExternalPackages: ["@electric-sql/pglite"],
  async headers() {
    // The per-request CSP comes from proxy.ts; these hold for every response, assets included.
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      {
        // The raw PDF behind the preview page's frame: the last matching rule wins for the same key,
        // so this one route may be framed by our own pages (its handler also sets frame-ancestors 'self').
        source: "/api/mailboxes/:mailboxId/messages/:messageId/preview",
        headers: [{ key: "X-Frame-Options", value: "SAMEORIGIN" }],
      },
    ];
  },
};

export default nextConfig;
