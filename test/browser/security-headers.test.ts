// The inbox's HTML, its files and the API carry the security headers (served by Workers Assets from web/dist/_headers
// and by the Worker), and the inbox works under its strict CSP: no inline script runs, and nothing it does is blocked.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { browserSuite, openInbox } from "./helpers/browser";
import { customerNumber, sendInbound } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();

function expectSecurityHeaders(res: Response, what: string) {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).not.toContain("unsafe-inline");
  expect(res.headers.get("referrer-policy"), what).toBe("no-referrer");
  expect(res.headers.get("strict-transport-security"), what).toMatch(/max-age=\d{7,}/);
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
}

/** Every CSP violation the page reports, including ones from lazy screens loaded later. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction("__cspViolation", (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

describe("security headers", () => {
  test("the inbox page, a page deep-linked by the SPA fallback (an invite), its script files and the API all carry them", async () => {
    const html = await fetch(`${baseUrl}/`);
    expectSecurityHeaders(html, "/");
    expect(html.headers.get("content-security-policy")).toContain("script-src 'self'");
    expectSecurityHeaders(await fetch(`${baseUrl}/invite/tok_secreto_en_la_ruta`), "/invite/…");

    const script = (await html.text()).match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeTruthy();
    const asset = await fetch(`${baseUrl}${script}`);
    expect(asset.status).toBe(200);
    expectSecurityHeaders(asset, script!);

    const api = await fetch(`${baseUrl}/api/health`);
    expectSecurityHeaders(api, "/api/health");
    expect(api.headers.get("content-security-policy")).toContain("default-src 'none'");
    expectSecurityHeaders(await fetch(`${baseUrl}/api/conversations`), "/api/conversations (401)");
    // The rules file itself is never served as a file.
    expect(await (await fetch(`${baseUrl}/_headers`)).text()).not.toContain("Content-Security-Policy");
  });
});

describe("the inbox under its CSP", () => {
  test("logging in, the live list, a conversation and the lazy settings screens run without a single violation", async () => {
    const from = customerNumber();
    await sendInbound(baseUrl, { from, name: "Begoña Ibáñez", text: "Hola 👋 ¿me ayudáis con el pedido? https://ejemplo.es/pedido/42" });
    const context = await signIn("admin@demo.test");
    const page = await context.newPage();
    const violations = await watchViolations(page);
    await page.goto("/");
    await page.getByRole("navigation").getByRole("button", { name: /Todas/ }).click();
    await page.locator(".row", { hasText: "Begoña Ibáñez" }).click();
    await page.locator(".msg-in", { hasText: "me ayudáis con el pedido" }).waitFor();
    // Solid's dynamic styles (avatar hue, the windowed list) are set through the CSSOM and still apply.
    expect(await page.locator(".list-inner").evaluate((el) => (el as HTMLElement).style.height)).toMatch(/px$/);

    await page.goto("/settings");
    await page.getByRole("navigation", { name: "Ajustes" }).waitFor();
    await page.waitForTimeout(300);
    expect(violations).toEqual([]);
    await context.close();
  });

  test("an injected inline script does not run (the policy is enforced, not only sent)", async () => {
    const context = await signIn("ana@demo.test");
    const page = await openInbox(context);
    const violations = await watchViolations(page);
    await page.reload();
    await page.getByRole("navigation").getByRole("button", { name: /Todas/ }).waitFor();
    const ran = await page.evaluate(async () => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations.some((v) => /script-src/.test(v))).toBe(true);
    await context.close();
  });
});
