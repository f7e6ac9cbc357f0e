// A customer's data rights in Chromium (issue 13): an admin downloads everything about a customer from the contact
// panel (a zip with contact.json), erases it after typing the customer's number, reads the receipt, and the
// conversation is gone from the list and its URL; the audit log section shows both acts and filters by action;
// the retention setting survives a reload. Agents are not offered any of it.
import { expect, test } from "vitest";
import { browserSuite, openConversation, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();

test("an admin exports a customer's data, erases it with a typed confirmation, and finds both in the audit log", async () => {
  const suffix = String(Date.now()).slice(-5);
  const name = `Inés Borrado ${suffix}`;
  const number = customerNumber();
  await sendInbound(baseUrl, { from: number, name, text: "Quiero que borréis mis datos, por favor" });

  // An agent sees the contact panel without the data-rights buttons.
  const ana = await signIn("ana@demo.test");
  try {
    const page = await openInbox(ana);
    await openConversation(page, name);
    const panel = page.getByRole("complementary", { name: "Contacto" });
    await panel.getByRole("heading", { name: /Conversaciones/ }).waitFor({ timeout: 15_000 });
    expect(await panel.getByRole("link", { name: "Exportar datos" }).count()).toBe(0);
    expect(await panel.getByRole("button", { name: "Borrar todos los datos" }).count()).toBe(0);
  } finally {
    await ana.close();
  }

  const admin = await signIn("admin@demo.test");
  try {
    const page = await openInbox(admin);
    await openConversation(page, name);
    const conversationPath = new URL(page.url()).pathname;
    expect(conversationPath).toMatch(/^\/c\/cv_/);
    const panel = page.getByRole("complementary", { name: "Contacto" });

    // Export: the link's URL answers a zip (the page's session cookie authenticates it) holding contact.json.
    const exportLink = panel.getByRole("link", { name: "Exportar datos" });
    await exportLink.waitFor({ timeout: 15_000 });
    const href = (await exportLink.getAttribute("href"))!;
    const contactId = /^\/api\/admin\/contacts\/([^/]+)\/export$/.exec(href)?.[1];
    expect(contactId).toMatch(/^ct_/);
    const zip = await page.evaluate(async (url) => {
      const r = await fetch(url, { credentials: "same-origin" });
      const bytes = new Uint8Array(await r.arrayBuffer());
      const text = new TextDecoder("latin1").decode(bytes);
      return { status: r.status, type: r.headers.get("content-type"), signature: text.slice(0, 2), hasContact: text.includes("contact.json") };
    }, href);
    expect(zip).toMatchObject({ status: 200, type: "application/zip", signature: "PK", hasContact: true });

    // Erase: the button stays off until the number (any spacing) or BORRAR is typed.
    await panel.getByRole("button", { name: "Borrar todos los datos" }).click();
    const dialog = page.getByRole("dialog", { name: `Borrar todos los datos de ${name}` });
    await dialog.waitFor();
    const confirm = dialog.getByRole("button", { name: "Borrar definitivamente" });
    const field = dialog.getByLabel(/Para confirmar, escribe su número/);
    await field.fill(`+${number.slice(0, -1)}`);
    expect(await confirm.isDisabled()).toBe(true);
    await field.fill(`+${number.slice(0, 2)} ${number.slice(2, 5)} ${number.slice(5)}`);
    expect(await confirm.isDisabled()).toBe(false);
    await screenshot(page, "60-erase-confirm");
    await confirm.click();

    const receipt = page.getByRole("dialog", { name: "Datos borrados" });
    await receipt.waitFor({ timeout: 20_000 });
    await receipt.getByText(/Conversaciones: 1/).waitFor();
    await receipt.getByText(/Contactos: 1/).waitFor();
    expect(await receipt.textContent()).toMatch(/Borrado el \d+ de \w+ de \d{4}/);
    await page.waitForURL((url) => url.pathname === "/");
    await screenshot(page, "61-erase-receipt");
    await receipt.getByRole("button", { name: "Entendido" }).click();
    await receipt.waitFor({ state: "detached" });

    // Gone from the list (searching for it finds nothing) and its address is not found.
    await page.getByRole("navigation").getByRole("button", { name: /Todas/ }).click();
    await page.locator("#list-search").fill(name);
    await page.locator(".row", { hasText: name }).waitFor({ state: "detached", timeout: 15_000 });
    await page.goto(conversationPath);
    await page.getByText("No encontramos esta conversación").waitFor({ timeout: 15_000 });

    // The audit log, newest first: the erasure above the export, both naming the contact.
    await page.goto("/settings/audit");
    await page.getByRole("heading", { name: "Registro de auditoría" }).waitFor();
    const rows = page.locator(`.audit-table tbody tr[data-target="${contactId}"]`);
    await rows.first().waitFor({ timeout: 15_000 });
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-action")))).toEqual(["contact.erase", "contact.export"]);
    const erased = rows.first();
    expect(await erased.textContent()).toContain("Borró los datos de un contacto");
    expect(await erased.textContent()).toContain("Admin");
    expect(await erased.locator(".audit-detail").textContent()).toMatch(/conversations: 1/);
    const csvHref = await page.getByRole("link", { name: "Exportar CSV" }).getAttribute("href");
    expect(csvHref).toBe("/api/admin/audit.csv");
    await screenshot(page, "62-audit-log");

    // Filtering by action keeps the erasures only, and the CSV link carries the filter.
    await page.getByLabel("Acción").selectOption("contact.erase");
    await page.getByRole("button", { name: "Filtrar" }).click();
    await page.locator(".audit-table tbody tr[data-action='contact.export']").waitFor({ state: "detached", timeout: 10_000 });
    expect(await page.locator(".audit-table tbody tr").evaluateAll((trs) => trs.every((tr) => tr.getAttribute("data-action") === "contact.erase"))).toBe(true);
    expect(await page.getByRole("link", { name: "Exportar CSV" }).getAttribute("href")).toBe("/api/admin/audit.csv?action=contact.erase");
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), "/api/admin/audit.csv?action=contact.erase");
    expect(csv).toContain(contactId);
  } finally {
    await admin.close();
  }
});

test("an admin turns retention on for 30 days and it is still set after a reload", async () => {
  const admin = await signIn("admin@demo.test");
  try {
    const page = await openInbox(admin, "/settings/workspace");
    const field = page.locator("[data-retention]");
    await field.waitFor({ timeout: 15_000 });
    const on = field.getByRole("checkbox");
    const days = field.getByRole("spinbutton", { name: "Conservación de datos" });
    if (!(await on.isChecked())) await on.check();
    await days.fill("30");
    await page.getByRole("button", { name: "Guardar" }).first().click();
    await page.getByText("Guardado ✓").first().waitFor({ timeout: 10_000 });

    await page.reload();
    await page.locator("[data-retention='30']").waitFor({ timeout: 15_000 });
    expect(await page.locator("[data-retention]").getByRole("checkbox").isChecked()).toBe(true);
    expect(await page.locator("[data-retention]").getByRole("spinbutton").inputValue()).toBe("30");
    await screenshot(page, "63-retention");
  } finally {
    // Back to "keep everything", so later tests on this server see the default.
    await admin.request.patch("/api/admin/settings", { data: { retentionDays: null } });
    await admin.close();
  }
});
