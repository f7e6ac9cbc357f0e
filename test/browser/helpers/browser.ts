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
  await page.getByRole("navigation").getByRole("button", { name: /Todas/ }).waitFor();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/**
 * Marks the page's agent away (or back online) on the workspace socket, so the routing engine leaves new
 * conversations unassigned and a test can exercise claiming by hand. The state sticks across reconnects.
 */
export async function setPresence(page: Page, state: "away" | "online"): Promise<void> {
  await page.evaluate(async (next) => {
    const me = (await (await fetch("/api/auth/me")).json()) as { workspace: { id: string } };
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/parties/workspace/${me.workspace.id}`);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    ws.send(JSON.stringify({ type: "presence", state: next }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    ws.close();
  }, state);
}
