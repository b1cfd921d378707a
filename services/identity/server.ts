import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Account, type KoaContextWithOIDC } from "oidc-provider";
import { DEMO_PASSWORD, DEMO_PEOPLE } from "@/lib/demo/data";
import {
  ACR_BY_ASSURANCE,
  ALL_CLAIMS,
  AMR_BY_ASSURANCE,
  SCOPE_CLAIMS,
  SCOPES,
  checkCredentials,
  cis2Claims,
  findPersonById,
  findPersonByUsername,
} from "./accounts";
import type { IdentityConfig } from "./config";
import { generateSigningKey, loadOrCreateSigningKey } from "./keys";
import { contentSecurityPolicy, errorPage, loginPage, logoutPage, signedOutPage } from "./pages";
import { errorFields } from "../../lib/logging/logger";
import { log } from "./log";

export type IdentityServer = {
  /** Binds the port and builds the provider; resolves with the issuer actually in use. */
  listen(): Promise<{ issuer: string; port: number }>;
  close(): Promise<void>;
};

const MAX_FORM_BYTES = 16 * 1024;

const ttl = {
  AccessToken: 60 * 60,
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  Interaction: 10 * 60,
  Session: 12 * 60 * 60,
  Grant: 12 * 60 * 60,
};

class FormTooLarge extends Error {}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new FormTooLarge();
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function sendHtml(res: ServerResponse, status: number, html: string, csp: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  res.end(html);
}

function originsOf(uris: readonly string[]): string[] {
  return [...new Set(uris.map((u) => new URL(u).origin))];
}

function buildProvider(issuer: string, config: IdentityConfig, csp: string): Provider {
  const signingKey = config.keyFile ? loadOrCreateSigningKey(config.keyFile) : generateSigningKey();

  const clientAuth = config.clientJwks
    ? { token_endpoint_auth_method: "private_key_jwt", jwks: config.clientJwks }
    : { token_endpoint_auth_method: "client_secret_basic", client_secret: config.clientSecret };

  const backchannelUri = new URL(config.backchannelLogoutUri).href;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: config.clientId,
        client_name: "Mailroom",
        ...clientAuth,
        redirect_uris: config.redirectUris,
        post_logout_redirect_uris: config.postLogoutRedirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        id_token_signed_response_alg: "RS256",
        require_auth_time: true,
        backchannel_logout_uri: config.backchannelLogoutUri,
        backchannel_logout_session_required: true,
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    responseTypes: ["code"],
    pkce: { required: () => true },
    scopes: [...SCOPES],
    claims: { acr: null, sid: null, auth_time: null, iss: null, ...SCOPE_CLAIMS },
    acrValues: Object.values(ACR_BY_ASSURANCE),
    // Put the CIS2 claims in the ID token too: Auth.js builds its profile from the ID token, which otherwise holds only `sub`.
    conformIdTokenClaims: false,
    clientAuthMethods: ["client_secret_basic", "private_key_jwt"],
    enabledJWA: {
      idTokenSigningAlgValues: ["RS256"],
      clientAuthSigningAlgValues: ["RS256", "PS256", "ES256"],
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContextWithOIDC, form: string) {
          ctx.type = "html";
          ctx.body = logoutPage(form);
        },
        async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.type = "html";
          ctx.body = signedOutPage();
        },
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string): Promise<Account | undefined> {
      const person = findPersonById(sub);
      if (!person) return undefined;
      return { accountId: person.userId, claims: () => cis2Claims(person) };
    },
    // First-party client: grant every scope at once so no consent screen is ever shown.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, result } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      return (await firstPartyGrant(ctx.oidc.provider, client.clientId, session.accountId)).grant;
    },
    async renderError(ctx: KoaContextWithOIDC, out: Record<string, unknown>) {
      ctx.type = "html";
      ctx.body = errorPage("Sorry, there is a problem", {
        Error: out.error,
        Description: out.error_description,
      });
    },
    ttl,
    // oidc-provider refuses outgoing requests to loopback and private addresses (SSRF protection), which
    // would stop back-channel logout to a Mailroom on localhost. Lift that for the one configured URI only.
    fetch(url: string | URL, options: RequestInit & { dispatcher?: unknown }) {
      if (new URL(url).href === backchannelUri) {
        const { dispatcher: _ssrfGuard, ...rest } = options;
        return fetch(url, rest);
      }
      return fetch(url, options);
    },
  });

  provider.use(async (ctx, next) => {
    // Library pages that auto-submit a form add their script's hash to script-src themselves.
    ctx.set("content-security-policy", csp.replace("script-src 'none'", "script-src 'self'"));
    ctx.set("x-content-type-options", "nosniff");
    await next();
  });
  provider.on("server_error", (_ctx, err) => log.error(errorFields(err), "identity provider error"));
  provider.on("backchannel.error", (_ctx, err) => log.warn(errorFields(err), "back-channel logout delivery failed"));
  return provider;
}

/** A grant of every scope and claim, already saved. */
async function firstPartyGrant(provider: Provider, clientId: string, accountId: string) {
  const grant = new provider.Grant({ clientId, accountId });
  grant.addOIDCScope(SCOPES.join(" "));
  grant.addOIDCClaims([...ALL_CLAIMS]);
  const grantId = await grant.save();
  return { grant, grantId };
}

function loginResult(personId: string) {
  const person = findPersonById(personId);
  if (!person) throw new Error(`unknown person ${personId}`);
  return {
    login: {
      accountId: person.userId,
      acr: ACR_BY_ASSURANCE[person.assurance],
      amr: [...AMR_BY_ASSURANCE[person.assurance]],
    },
  };
}

export function createIdentityServer(config: IdentityConfig): IdentityServer {
  let provider: Provider | undefined;
  let providerHandler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const csp = contentSecurityPolicy(originsOf([...config.redirectUris, ...config.postLogoutRedirectUris]));

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, isLogin: boolean) {
    if (!provider) throw new Error("provider not started");
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return sendHtml(
        res,
        400,
        errorPage("Your sign-in has expired", {
          "What to do": "Go back to Mailroom and sign in again.",
        }),
        csp,
      );
    }
    if (details.uid !== uid) return sendHtml(res, 404, errorPage("Page not found", {}), csp);

    if (details.prompt.name === "consent") {
      // Only reachable if a grant went missing; the first-party client never sees a consent page.
      const accountId = details.session?.accountId;
      const clientId = String(details.params.client_id ?? "");
      if (!accountId) throw new Error("consent prompt without a session");
      const { grantId } = await firstPartyGrant(provider, clientId, accountId);
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    if (details.prompt.name !== "login") {
      return sendHtml(res, 400, errorPage("Sorry, there is a problem", { Error: "unsupported prompt" }), csp);
    }

    const page = (opts: { error?: boolean; username?: string } = {}) =>
      loginPage({ uid: details.uid, people: DEMO_PEOPLE, demoPassword: DEMO_PASSWORD, ...opts });

    if (!isLogin) {
      if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed(res, "GET");
      return sendHtml(res, 200, page(), csp);
    }
    if (req.method !== "POST") return methodNotAllowed(res, "POST");

    const form = await readForm(req);
    const chosen = form.get("person");
    if (chosen !== null) {
      const person = findPersonByUsername(chosen);
      if (!person) return sendHtml(res, 400, page({ error: true }), csp);
      return provider.interactionFinished(req, res, loginResult(person.userId), { mergeWithLastSubmission: false });
    }
    const username = form.get("username") ?? "";
    const person = checkCredentials(username, form.get("password") ?? "");
    if (!person) return sendHtml(res, 401, page({ error: true, username }), csp);
    return provider.interactionFinished(req, res, loginResult(person.userId), { mergeWithLastSubmission: false });
  }

  function methodNotAllowed(res: ServerResponse, allow: string) {
    res.writeHead(405, { allow, "content-type": "text/plain; charset=utf-8" });
    res.end("Method not allowed");
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (path === "/healthz") {
        res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
        return res.end(req.method === "HEAD" ? undefined : "ok");
      }
      const m = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(path);
      if (m?.[1]) return interaction(req, res, m[1], Boolean(m[2]));
      if (!providerHandler) throw new Error("provider not started");
      return providerHandler(req, res);
    })().catch((err: unknown) => {
      if (err instanceof FormTooLarge) {
        res.writeHead(413, { "content-type": "text/plain; charset=utf-8", connection: "close" });
        return res.end("Request too large");
      }
      log.error(errorFields(err), "identity provider error");
      if (!res.headersSent) {
        sendHtml(res, 500, errorPage("Sorry, there is a problem with the service", { "What to do": "Try again later." }), csp);
      } else {
        res.end();
      }
    });
  });

  return {
    listen() {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.once("error", onError);
        server.listen(config.port, config.host, () => {
          server.off("error", onError);
          try {
            const { port } = server.address() as AddressInfo;
            const host = config.host.includes(":") ? `[${config.host}]` : config.host;
            const issuer = config.issuer ?? `http://${host}:${port}`;
            provider = buildProvider(issuer, config, csp);
            providerHandler = provider.callback();
            resolve({ issuer, port });
          } catch (err) {
            server.close();
            reject(err);
          }
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
