import { expect, expectAccessible, test } from "./fixtures/test";

test("the start page explains Mailroom", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/Send and receive files through MESH – Mailroom/);
  await expect(page.getByRole("heading", { level: 1, name: "Send and receive files through MESH" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Mailroom");
  await expect(page.locator("html")).toHaveAttribute("lang", "en-GB");
  await expectAccessible(page);
});

test("the skip link is the first stop and takes keyboard users to the main content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "Skip to main content" });
  await expect(skipLink).toBeFocused();
  await expect(skipLink).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#maincontent")).toBeFocused();
  await expectAccessible(page);
});

test("focused links show the yellow and black focus style", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "Skip to main content" });
  await expect(skipLink).toBeFocused();
  const style = await skipLink.evaluate((element) => {
    const computed = getComputedStyle(element);
    return { background: computed.backgroundColor, shadow: computed.boxShadow };
  });
  // Tailwind v4 may report lab() colours, so compare against the browser's own rendering of the token.
  const yellow = await page.evaluate(() => {
    const probe = document.createElement("span");
    probe.style.backgroundColor = "#ffeb3b";
    document.body.append(probe);
    const value = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return value;
  });
  expect(style.background).toBe(yellow);
  expect(style.shadow).toMatch(/0px 4px 0px/);
  await expectAccessible(page);
});

test("an unknown address shows the GOV.UK 'Page not found' page", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page).toHaveTitle(/Page not found/);
  await expectAccessible(page);
});

test("every page carries the security headers, with a fresh script nonce each time", async ({ request }) => {
  const first = await request.get("/");
  const second = await request.get("/");
  const csp = first.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp.split(";").find((d) => d.trim().startsWith("script-src"))).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  for (const response of [first, await request.get("/no-such-page"), await request.get("/api/health")]) {
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["referrer-policy"]).toBe("same-origin");
  }
  // Plain HTTP here, so no HSTS; behind a TLS-terminating proxy it is sent.
  expect(first.headers()["strict-transport-security"]).toBeUndefined();
  const overHttps = await request.get("/", { headers: { "x-forwarded-proto": "https" } });
  expect(overHttps.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
});
