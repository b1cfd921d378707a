// Issue 16 item 6 against a MESH that requires mutual TLS (the real mailbox server with a client CA):
// an admin stores a client certificate and key through the settings form, and the connection test
// tells a certificate MESH accepts from one it refuses.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "@/lib/testing/test-certificates";
import type { WebApp } from "@/lib/testing/web-app";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, signInDemoPersonThroughFakeIssuer, submitForm } from "@/lib/testing/web-sign-in";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";
import type { Browser } from "@/services/identity/testing/http-client";

const SETTINGS = "/mailboxes/Y90002OT/admin/settings";

let certs: TestCertificates;
let mailbox: RunningMailbox;
let stack: SignInStack;
let app: WebApp;
let dan: Browser;
const pem = (name: string) => readFileSync(certs.file(name), "utf8");

beforeAll(async () => {
  certs = makeTestCertificates("settings-tls");
  const tls = {
    MAILBOX_TLS_CERT: certs.file("server.pem"),
    MAILBOX_TLS_KEY: certs.file("server.key"),
    MAILBOX_TLS_CA: certs.file("ca.pem"),
  };
  mailbox = await startMailbox({ env: tls });
  stack = await startSignInStack({
    issuer: { claims: cis2Claims("dan.evans") },
    env: { MESH_URL: mailbox.url, MESH_CA_CERT: certs.file("ca.pem") },
  });
  app = stack.app;
  dan = await signInDemoPersonThroughFakeIssuer(stack.fake, app, "dan.evans");
});

afterAll(async () => {
  await stack?.stop();
  await mailbox?.stop();
  certs?.remove();
});

async function page(query = ""): Promise<{ url: URL; html: string }> {
  const url = new URL(`${app.url}${SETTINGS}${query}`);
  return { url, html: await (await dan.request(url)).text() };
}

/** Sends the credentials form with these answers (the form helper reads inputs only, so the PEM text rides in inputs). */
async function replace(fields: Record<string, string>): Promise<string | null> {
  const { url, html } = await page();
  const extra = Object.entries(fields)
    .map(([name, value]) => `<input name="${name}" value="${value.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}">`)
    .join("");
  const res = await submitForm(dan, url, html.replace(/<input[^>]*name="password"[^>]*>/, extra), "Replace credentials");
  await res.body?.cancel();
  return res.headers.get("location");
}

async function testConnection(): Promise<string> {
  const { url, html } = await page();
  const res = await submitForm(dan, url, html, "Test the connection");
  await res.body?.cancel();
  return (await page("?done=tested")).html;
}

describe("credentials for a MESH that requires a client certificate", () => {
  it("offers the certificate fields, and says MESH could not be read without a certificate", async () => {
    const { html } = await page();
    expect(html).toContain('<textarea id="certificate"');
    expect(html).toContain('<textarea id="key"');
    expect(html).toContain("None stored for this mailbox, and Mailroom has no certificate of its own");
    expect(html).toContain("Mailroom could not read the workflows and rules from MESH just now");
    expect(await testConnection()).toContain("Certificate refused");
  });

  it("refuses a key that is not the certificate's, before storing anything", async () => {
    const location = await replace({ password: "hillside-mesh-pw", certificate: pem("client.pem"), key: pem("stranger.key") });
    expect(location).toContain("keyError=mismatch");
    expect((await page(location!.slice(SETTINGS.length))).html).toContain("The private key does not belong to this certificate");
    expect((await page()).html).toContain("Not replaced since the mailbox was set up");
  });

  it("stores a certificate MESH accepts: connected, and the workflows are read", async () => {
    expect(await replace({ password: "hillside-mesh-pw", certificate: pem("client.pem"), key: pem("client.key") })).toContain(
      "done=credentials",
    );
    const { html } = await page();
    // The test certificates last two days: inside the 30 days in which the page warns. React splits text with comments.
    const text = html.replaceAll("<!-- -->", "");
    expect(text).toContain("Stored for this mailbox, issued to client");
    expect(text).toMatch(/Expires \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}[ap]m, in 2 days/);
    expect(text).toContain('<strong class="nhsuk-tag nhsuk-tag--orange">Expires soon</strong>');
    expect(html).not.toContain("PRIVATE KEY-----\n");
    expect(html).toContain("Workflows this mailbox may send and receive");
    expect(await testConnection()).toContain("MESH accepted this mailbox&#x27;s credentials.");
  });

  it("says certificate refused for one MESH never issued", async () => {
    expect(await replace({ password: "hillside-mesh-pw", certificate: pem("stranger.pem"), key: pem("stranger.key") })).toContain(
      "done=credentials",
    );
    expect(await testConnection()).toContain("Certificate refused");
  });
});

describe("a deployment-wide client certificate", () => {
  it("is named as the one MESH sees while the mailbox has none of its own", async () => {
    const deployment = await startSignInStack({
      issuer: { claims: cis2Claims("dan.evans") },
      env: {
        MESH_URL: mailbox.url,
        MESH_CA_CERT: certs.file("ca.pem"),
        MESH_CLIENT_CERT: certs.file("stranger.pem"),
        MESH_CLIENT_KEY: certs.file("stranger.key"),
      },
    });
    try {
      const admin = await signInDemoPersonThroughFakeIssuer(deployment.fake, deployment.app, "dan.evans");
      const html = await (await admin.request(`${deployment.app.url}${SETTINGS}`)).text();
      const text = html.replaceAll("<!-- -->", "");
      expect(text).toContain("None stored for this mailbox: Mailroom&#x27;s own certificate is used, issued to stranger");
      expect(text).toContain("Enter its replacement below before then.");
    } finally {
      await deployment.stop();
    }
  });
});
