// The inbox in the browser: gzipped JS of the first load (from web/dist/index.html: entry + modulepreloads), and
// login → list painted with 10,000 conversations in headless Chromium (T11/T13). Skips with a note if the UI lacks a list.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { client } from "../lib/http.mjs";
import { d1 } from "../lib/servers.mjs";
import { conversationIdFor, customer, envelope, nowSeconds, signed, textMessage } from "../lib/whatsapp.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIST = path.join(ROOT, "web/dist");
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => Math.round((n / 1024) * 10) / 10;

/** JS the first render needs: index.html's module scripts and modulepreloads (Vite lists static imports there). */
export function jsSize() {
  const html = readFileSync(path.join(DIST, "index.html"), "utf8");
  const files = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1] ?? m[2]);
  let raw = 0, gzip = 0, brotli = 0;
  for (const f of files) {
    const buf = readFileSync(path.join(DIST, f));
    raw += buf.length;
    gzip += gz(buf);
    brotli += br(buf);
  }
  const out = { files, rawKb: kb(raw), gzipKb: kb(gzip), brotliKb: kb(brotli) };
  const report = path.join(ROOT, "web/scripts/size-report.mjs");
  if (existsSync(report)) {
    const r = spawnSync(process.execPath, [report], { cwd: ROOT, encoding: "utf8" });
    out.sizeReport = (r.stdout || r.stderr || "").trim().slice(-600);
  }
  return out;
}

/** Seeds `count` new contacts (one conversation each) in batched webhooks, then one newest whose row we look for. */
export async function seedInbox(baseUrl, count, { perWebhook = 20, inFlight = 8, block = 8 } = {}) {
  const http = client(baseUrl, { sockets: inFlight });
  const t0 = performance.now();
  const base = nowSeconds() - 7200;
  let next = 0;
  let failures = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < count) {
      const start = next;
      next += perWebhook;
      const contacts = [];
      const messages = [];
      for (let i = start; i < Math.min(start + perWebhook, count); i++) {
        const waId = customer(block, i);
        contacts.push({ waId, name: `Cliente ${i} Pérez` });
        messages.push(textMessage(waId, `Hola, soy el cliente ${i}`, { timestamp: base + Math.floor(i / 2) }));
      }
      const res = await http.request("POST", "/webhooks/whatsapp", signed(envelope({ contacts, messages })));
      if (res.status !== 200) failures++;
    }
  }));
  const newest = { waId: customer(block, 99_999), name: "Zoe Última Benchmark" };
  await http.request("POST", "/webhooks/whatsapp", signed(envelope({ contacts: [newest], messages: [textMessage(newest.waId, "¡Soy la más reciente!")] })));
  http.close();
  return { seconds: (performance.now() - t0) / 1000, failures, newestName: newest.name };
}

/**
 * Writes `count` conversation rows straight into D1's index (what the inbox list reads), for the render test only:
 * creating 10,000 conversation objects through webhooks takes minutes on 2 cores (BENCH_INBOX_SEED=webhooks does it).
 */
export function seedIndex(persistTo, count, { block = 8 } = {}) {
  const now = Date.now();
  const rows = [];
  for (let i = 0; i < count; i++) {
    const waId = customer(block, i);
    const id = conversationIdFor(waId);
    const at = now - 7_200_000 + i * 500;
    const name = `Cliente ${i} Pérez`.replace(/'/g, "''");
    rows.push(`('${id}','ws_demo','ch_demo_wa','${id.replace(/^cv_/, "ct_")}','${name}','+${waId}','open',NULL,'normal',${at},'Hola, soy el cliente ${i}','text','in',${at},1,${at},1)`);
  }
  const lines = [];
  for (let i = 0; i < rows.length; i += 200) {
    lines.push(`INSERT OR IGNORE INTO conversations (id, workspace_id, channel_id, contact_id, contact_name, contact_phone, status, assignee_id, priority, last_message_at, last_message_preview, last_message_kind, last_message_direction, last_inbound_at, unread_count, created_at, version) VALUES ${rows.slice(i, i + 200).join(",")};`);
  }
  const file = path.join(persistTo, "inbox-index.sql");
  writeFileSync(file, lines.join("\n"));
  const r = d1(persistTo, null, file);
  if (!r.ok) throw new Error(`could not seed the index: ${r.output.slice(-500)}`);
}

/** Waits until D1's conversation index (what the list reads) holds at least `count` rows. */
export async function waitForIndex(persistTo, count, timeoutMs = 180_000) {
  const t0 = Date.now();
  for (;;) {
    const r = d1(persistTo, "SELECT COUNT(*) AS n FROM conversations");
    const n = Number(/"n":\s*(\d+)/.exec(r.output)?.[1] ?? 0);
    if (n >= count) return { rows: n, waitedS: (Date.now() - t0) / 1000 };
    if (Date.now() - t0 > timeoutMs) return { rows: n, waitedS: (Date.now() - t0) / 1000, timedOut: true };
    await new Promise((res) => setTimeout(res, 1500));
  }
}

const WATCH = (name) => {
  // Runs in the page: records when the newest contact's row is in the DOM, and the next frame after it.
  const seen = () => document.body && document.body.textContent.includes(name);
  const mark = () => {
    window.__found = performance.now();
    requestAnimationFrame(() => setTimeout(() => (window.__painted = performance.now()), 0));
  };
  new MutationObserver((_, obs) => {
    if (window.__found === undefined && seen()) obs.disconnect(), mark();
  }).observe(document, { childList: true, subtree: true, characterData: true });
};

export async function renderInbox(baseUrl, newestName, { email = "ana@demo.test", password = "demo1234" } = {}) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(WATCH, newestName);
    const page = await context.newPage();
    const scripts = new Map();
    page.on("response", async (res) => {
      if (res.request().resourceType() === "script") scripts.set(res.url(), gz(await res.body().catch(() => Buffer.alloc(0))));
    });
    await page.goto(`${baseUrl}/login`);
    const form = await page.waitForSelector('input[name="email"]', { timeout: 15_000 }).catch(() => null);
    if (!form) return { skipped: "no login form at /login" };
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await page.evaluate(() => {
      window.__t0 = performance.now();
      document.querySelector('button[type="submit"]').click();
    });
    const ok = await page.waitForFunction(() => window.__painted !== undefined, null, { timeout: 20_000 }).then(() => true, () => false);
    if (!ok) return { skipped: `the newest conversation ("${newestName}") never appeared in the list within 20 s` };
    const login = await page.evaluate(() => ({ found: window.__found - window.__t0, painted: window.__painted - window.__t0 }));
    const rows = await page.evaluate(() => document.querySelectorAll('[role="listitem"]').length);
    const jsLoadedGzipKb = kb([...scripts.values()].reduce((a, b) => a + b, 0));
    // Second measure: a fresh page load of the inbox with the session already set (navigation start → painted).
    await page.reload();
    await page.waitForFunction(() => window.__painted !== undefined, null, { timeout: 20_000 });
    const reload = await page.evaluate(() => window.__painted);
    return { loginToPaintMs: Math.round(login.painted), loginToDomMs: Math.round(login.found), reloadToPaintMs: Math.round(reload), domRows: rows, jsLoadedGzipKb, scriptsLoaded: scripts.size };
  } finally {
    await browser.close();
  }
}
