// Chromium (Debian's, through playwright-core) for the browser tests: one browser per test file, sign a person
// in, open the inbox or a conversation, take screenshots.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";

export const DESKTOP = { width: 1280, height: 720 };
export const PHONE = { width: 390, height: 844 };
export const PASSWORD = "demo1234";
const SCREENSHOTS = path.resolve(import.meta.dirname, "../../../test-artifacts/screenshots");

function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * One Chromium for the calling test file (launched before its tests, closed after them) and the local server's
 * URL. Call once at the top level of a test file.
 */
export function browserSuite() {
  const baseUrl = inject("baseUrl");
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  /** A fresh browser profile in Spanish; Madrid's clock unless told otherwise (the demo workspace's zone). */
  const profile = (options: { viewport?: typeof DESKTOP; timezoneId?: string } = {}) => {
    if (!browser) throw new Error("Chromium is not running (browserSuite() must be called at the top level)");
    return browser.newContext({ baseURL: baseUrl, viewport: options.viewport ?? DESKTOP, locale: "es-ES", timezoneId: options.timezoneId ?? "Europe/Madrid" });
  };
  return {
    baseUrl,
    /** A fresh profile with this person signed in (session cookie set through the real login endpoint). */
    signIn: async (email: string, options?: { viewport?: typeof DESKTOP; timezoneId?: string }): Promise<BrowserContext> => {
      const context = await profile(options);
      const response = await context.request.post("/api/auth/login", { data: { email, password: PASSWORD } });
      if (!response.ok()) throw new Error(`login ${email} failed: ${response.status()} ${await response.text()}`);
      return context;
    },
    /** A fresh profile with nobody signed in. */
    guest: () => profile(),
  };
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

/** Claims the open conversation and waits until the header says it is this person's. */
export async function claim(page: Page): Promise<void> {
  await page.getByRole("button", { name: /Tomar/ }).click();
  await page.locator(".owner", { hasText: "Asignada a ti" }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}
