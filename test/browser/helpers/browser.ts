// Chromium (Debian's, through playwright-core) for the browser tests: launch, sign an agent in, take screenshots.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const DESKTOP = { width: 1280, height: 720 };
export const PHONE = { width: 390, height: 844 };
export const PASSWORD = "demo1234";
const SCREENSHOTS = path.resolve(import.meta.dirname, "../../../test-artifacts/screenshots");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A fresh browser profile with the agent signed in (session cookie set through the real login endpoint). */
export async function agentContext(browser: Browser, baseUrl: string, email: string, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: "es-ES", timezoneId: "Europe/Madrid" });
  const response = await context.request.post("/api/auth/login", { data: { email, password: PASSWORD } });
  if (!response.ok()) throw new Error(`login ${email} failed: ${response.status()} ${await response.text()}`);
  return context;
}

export async function openInbox(context: BrowserContext, pathname = "/"): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto(pathname);
  if (pathname.startsWith("/settings")) await page.getByRole("navigation", { name: "Ajustes" }).waitFor();
  else await page.getByRole("navigation").getByRole("button", { name: /Todas/ }).waitFor();
  return page;
}

/**
 * Opens a conversation by the customer's name from the "Todas" view, through the search box (the list is
 * windowed: with many conversations an old one is not in the DOM until searched or scrolled to).
 */
export async function openConversation(page: Page, name: string): Promise<void> {
  await page.getByRole("navigation").getByRole("button", { name: /Todas/ }).click();
  await page.locator("#list-search").fill(name);
  await page.locator(".row", { hasText: name }).click({ timeout: 15_000 });
  await page.locator("#list-search").fill("");
  await page.locator(".conv-name", { hasText: name }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}
