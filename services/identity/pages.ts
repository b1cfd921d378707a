import { createHash } from "node:crypto";
import type { DemoPerson } from "@/lib/demo/data";

/**
 * The provider's few HTML pages: plain server-rendered markup in the NHS style (house-style §4), one
 * inline stylesheet allowed by its hash, no scripts, no external assets.
 */

const CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;background:#f0f4f5;color:#212b32;font-family:Arial,sans-serif;font-size:1rem;line-height:1.5}
@media (min-width:40.0625rem){body{font-size:1.1875rem;line-height:1.4737}}
a{color:#005eb8;text-decoration:underline;text-decoration-thickness:max(1px,.0625rem);text-underline-offset:.1578em}
a:visited{color:#330072}
a:hover{color:#003087;text-decoration-thickness:max(3px,.1875rem,.12em)}
a:active{color:#212b32}
a:focus{background:#ffeb3b;color:#212b32;box-shadow:0 -2px #ffeb3b,0 4px #212b32;text-decoration:none;outline:4px solid transparent}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important}
.skip-link{position:absolute;left:-9999px;top:0;padding:8px 16px}
.skip-link:focus{left:16px;top:16px;z-index:1}
.width-container{max-width:60rem;margin:0 auto;padding:0 16px}
@media (min-width:40.0625rem){.width-container{padding:0 32px}}
.header{background:#005eb8;color:#fff;padding:16px 0}
.header__service{font-weight:600;font-size:1.1875rem;margin:0}
.header__note{display:inline-block;margin-left:8px;padding:2px 8px;border:1px solid #fff;font-size:.875rem;font-weight:600;vertical-align:middle}
main{display:block;padding:40px 0 48px}
.two-thirds{max-width:40rem}
h1,h2,h3{font-weight:600;margin-top:0}
h1{font-size:2rem;line-height:1.1875;margin-bottom:40px}
h2{font-size:1.6875rem;line-height:1.2222;margin-bottom:16px}
h3{font-size:1.1875rem;line-height:1.4737;margin-bottom:4px}
@media (min-width:40.0625rem){h1{font-size:3rem;line-height:1.125;margin-bottom:48px}h2{font-size:2.25rem;line-height:1.1667;margin-bottom:24px}h3{font-size:1.375rem;line-height:1.3636}}
p{margin:0 0 16px}
form+h2{margin-top:40px}
.hint{color:#4c6272}
.people{list-style:none;margin:0 0 40px;padding:0}
.person{background:#fff;border:1px solid #d8dde0;padding:16px 24px 8px;margin-bottom:16px}
.person p{margin-bottom:8px}
.form-group{margin-bottom:24px}
.form-group--error{border-left:4px solid #d5281b;padding-left:16px}
label{display:block;font-weight:600;margin-bottom:4px}
.error-message{display:block;color:#d5281b;font-weight:600;margin-bottom:8px}
input[type=text],input[type=password]{display:block;width:100%;max-width:20em;height:40px;padding:4px;border:2px solid #4c6272;border-radius:0;font:inherit;background:#fff;color:#212b32}
.form-group--error input{border-color:#d5281b}
input:focus{border:2px solid #212b32;outline:4px solid #ffeb3b;outline-offset:0;box-shadow:inset 0 0 0 2px #212b32}
.button{display:inline-block;font:inherit;font-weight:600;line-height:1.5;padding:8px 16px;margin:0 0 8px;border:2px solid transparent;border-radius:4px;color:#fff;background:#007f3b;box-shadow:0 4px 0 #00401e;cursor:pointer}
.button:hover{background:#00662f}
.button--secondary{color:#005eb8;background:transparent;border-color:#005eb8;box-shadow:0 4px 0 #005eb8}
.button--secondary:hover{background:#d9e7f4}
.button:focus{background:#ffeb3b;color:#212b32;border-color:transparent;box-shadow:0 4px 0 0 #212b32;outline:4px solid transparent;outline-offset:4px}
.button:active{top:4px;position:relative;box-shadow:none}
.error-summary{border:4px solid #d5281b;background:#fff;padding:16px;margin-bottom:48px}
@media (min-width:40.0625rem){.error-summary{padding:24px;margin-bottom:56px}}
.error-summary:focus{outline:4px solid transparent;box-shadow:0 0 0 4px #ffeb3b,0 0 0 8px #212b32}
.error-summary h2{font-size:1.375rem;line-height:1.3182}
@media (min-width:40.0625rem){.error-summary h2{font-size:1.625rem;line-height:1.2308}}
.error-summary ul{list-style:none;margin:0;padding:0}
.error-summary a{color:#d5281b;font-weight:600}
.error-summary a:focus{color:#212b32}
.footer{background:#d8dde0;padding:24px 0;font-size:.875rem}
.footer p{margin:0}
`;

export const STYLE_HASH = `'sha256-${createHash("sha256").update(CSS).digest("base64")}'`;

/** CSP for the pages built here: only our own stylesheet, no scripts, no framing. */
export function contentSecurityPolicy(formTargets: readonly string[], scriptSrc = "'none'"): string {
  return [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    `script-src ${scriptSrc}`,
    "img-src 'self'",
    `form-action 'self' ${formTargets.join(" ")}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} – NHS Care Identity Service (local stand-in)</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip-link" href="#maincontent">Skip to main content</a>
<header class="header"><div class="width-container">
<p class="header__service">NHS Care Identity Service <span class="header__note">Local stand-in</span></p>
</div></header>
<div class="width-container">
<main id="maincontent">
${content}
</main>
</div>
<footer class="footer"><div class="width-container">
<p>A local test identity provider for Mailroom. It is not NHS CIS2, and every person here is fictional.</p>
</div></footer>
</body>
</html>`;
}

export type LoginPageInput = {
  uid: string;
  people: readonly DemoPerson[];
  /** Shown as a hint so people trying the demo can use the username form. */
  demoPassword: string;
  error?: boolean;
  username?: string;
};

export const LOGIN_ERROR = "Enter a correct username and password";

export function loginPage({ uid, people, demoPassword, error, username = "" }: LoginPageInput): string {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  const summary = error
    ? `<div class="error-summary" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<div role="alert">
<h2 id="error-summary-title">There is a problem</h2>
<ul><li><a href="#username">${LOGIN_ERROR}</a></li></ul>
</div>
</div>`
    : "";
  const list = people
    .map((p) => {
      const name = `${p.givenName} ${p.familyName}`;
      return `<li class="person">
<h3>${escapeHtml(name)}</h3>
<p>${escapeHtml(p.description)}</p>
<p class="hint">Username: ${escapeHtml(p.username)}. Authentication assurance level ${escapeHtml(p.assurance)}.</p>
<button class="button button--secondary" type="submit" name="person" value="${escapeHtml(p.username)}">Sign in as ${escapeHtml(name)}</button>
</li>`;
    })
    .join("\n");
  const groupClass = error ? "form-group form-group--error" : "form-group";
  const errorMessage = error
    ? `<span class="error-message" id="username-error"><span class="visually-hidden">Error:</span> ${LOGIN_ERROR}</span>`
    : "";
  const describedBy = error ? ` aria-describedby="username-error"` : "";
  return layout(
    `${error ? "Error: " : ""}Sign in`,
    `<div class="two-thirds">
${summary}
<h1>Sign in</h1>
<p>Sign in with a username and password as you would at NHS CIS2, or choose one of the demo people.</p>
<h2>Sign in with a username and password</h2>
<form method="post" action="${action}" novalidate>
<div class="${groupClass}">
<label for="username">Username</label>
${errorMessage}
<input type="text" id="username" name="username" autocomplete="username" spellcheck="false" value="${escapeHtml(username)}"${describedBy}>
</div>
<div class="form-group">
<label for="password">Password</label>
<p class="hint" id="password-hint">Every demo person's password is ${escapeHtml(demoPassword)}</p>
<input type="password" id="password" name="password" autocomplete="current-password" aria-describedby="password-hint">
</div>
<button class="button" type="submit">Sign in</button>
</form>
<h2>Demo people</h2>
<form method="post" action="${action}" novalidate>
<ul class="people">
${list}
</ul>
</form>
</div>`,
  );
}

/** `form` is oidc-provider's hidden form (id "op.logoutForm") carrying the xsrf token. */
export function logoutPage(form: string): string {
  return layout(
    "Sign out",
    `<div class="two-thirds">
<h1>Sign out</h1>
<p>You will be signed out of the NHS Care Identity Service stand-in and of every service you used with it.</p>
${form}
<button class="button" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
</div>`,
  );
}

export function signedOutPage(): string {
  return layout(
    "You have signed out",
    `<div class="two-thirds">
<h1>You have signed out</h1>
<p>You can close this window.</p>
</div>`,
  );
}

export function errorPage(heading: string, details: Record<string, unknown>): string {
  const rows = Object.entries(details)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: ${escapeHtml(v)}</p>`)
    .join("\n");
  return layout(
    heading,
    `<div class="two-thirds">
<h1>${escapeHtml(heading)}</h1>
${rows}
<p>Go back to the service you came from and try again.</p>
</div>`,
  );
}
