// Team work in the conversation header, across real browsers: a transfer with a note the receiver reads,
// resolving and being reopened live by the customer, snoozing with a preset and with a day and time of one's own
// (on the workspace's clock, whatever the browser's), and tags with colours.
import { expect, test } from "vitest";
import { dayOf, wallClockLabel, zonedInstant } from "../../shared/zoned-time";
import { browserSuite, claim, openConversation, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound } from "./helpers/customer";
import { ensureTag } from "./helpers/server";

const { baseUrl, signIn } = browserSuite();
const MADRID = "Europe/Madrid";

test("Ana transfers to Bruno with a note: it lands in Bruno's «Mías» with the note and the activity line", async () => {
  const name = "Rocío Benítez";
  await sendInbound(baseUrl, { from: customerNumber(), name, text: "Hola, el cargador que compré no funciona 😕" });
  const ana = await signIn("ana@demo.test");
  const bruno = await signIn("bruno@demo.test");
  try {
    const brunoPage = await openInbox(bruno);
    await brunoPage.getByRole("navigation").getByRole("button", { name: /Mías/ }).click();

    const page = await openInbox(ana);
    await openConversation(page, name);
    await claim(page);

    await page.getByRole("button", { name: "Transferir" }).click();
    const dialog = page.getByRole("dialog", { name: "Transferir conversación" });
    await dialog.getByPlaceholder("Buscar persona o equipo").fill("bru");
    await dialog.locator(".pick", { hasText: "Bruno Díaz" }).click();
    // Presence shows next to each person (Bruno has the inbox open: online).
    await expect.poll(() => dialog.locator(".pick", { hasText: "Bruno Díaz" }).locator(".presence-dot").getAttribute("class")).toContain("is-online");
    await dialog.getByLabel("Nota para quien la recibe (opcional)").fill("Pidió cambio, no reembolso. Ya tiene el número de pedido #A-2291.");
    await screenshot(page, "10-transfer-dialog");
    await dialog.getByRole("button", { name: "Transferir a Bruno Díaz" }).click();
    // An agent stops seeing what is no longer hers or her team's: the pane says where it went.
    await page.getByRole("heading", { name: "Transferiste la conversación a Bruno Díaz" }).waitFor();

    // Bruno: live in his list, then the note and who sent it.
    const row = brunoPage.locator(".row", { hasText: name });
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    const note = brunoPage.locator(".msg-note", { hasText: "Pidió cambio, no reembolso" });
    await note.waitFor();
    expect(await note.locator(".note-label").textContent()).toContain("Nota de transferencia");
    expect(await note.locator(".note-label").textContent()).toContain("Ana López");
    await brunoPage.locator(".owner", { hasText: "Asignada a ti" }).waitFor();
    await brunoPage.locator(".activity", { hasText: "Ana López transfirió la conversación a Bruno Díaz" }).waitFor();
    await screenshot(brunoPage, "11-transfer-received");
  } finally {
    await ana.close();
    await bruno.close();
  }
});

test("resolved with «e», then the customer writes and it reopens live; snooze shows until when, on the workspace's clock", async () => {
  const name = "Tomás Aguirre";
  const from = customerNumber();
  await sendInbound(baseUrl, { from, name, text: "¿Me confirmáis la dirección de la tienda?" });
  // This browser runs on Los Angeles time; the workspace (and so every snooze time) is Madrid's.
  const ana = await signIn("ana@demo.test", { timezoneId: "America/Los_Angeles" });
  try {
    const page = await openInbox(ana);
    await openConversation(page, name);
    await claim(page);

    await page.locator(".messages").click();
    await page.keyboard.press("e");
    await page.locator(".activity", { hasText: "Ana López resolvió la conversación" }).waitFor();
    await page.locator(".conv-head .status-pill", { hasText: "Resuelta" }).waitFor();
    await page.getByRole("button", { name: "Reabrir" }).waitFor();

    await sendInbound(baseUrl, { from, name, text: "Perdón, una cosa más: ¿abrís el sábado?" });
    await page.locator(".activity", { hasText: "El cliente escribió: la conversación se reabrió" }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator(".conv-head .status-pill").count()).toBe(0);
    await page.getByRole("button", { name: "Resolver" }).waitFor();

    // Snooze until tomorrow 9:00 (the workspace's time zone).
    await page.getByRole("button", { name: "Posponer" }).click();
    await page.getByRole("button", { name: /Mañana a las 9:00/ }).click();
    const notice = page.locator(".notice-snooze");
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Pospuesta hasta mañana 09:00/);
    await page.locator(".activity", { hasText: /pospuso la conversación hasta mañana 09:00/ }).waitFor();
    await page.locator(".row", { hasText: name }).locator(".chip-snooze").waitFor();
    await notice.getByRole("button", { name: "Despertar ahora" }).click();
    await page.locator(".activity", { hasText: "Ana López reabrió la conversación" }).waitFor();

    // A day and a 24-hour time of Ana's choosing: 21:30 in Madrid three days from now, to the millisecond.
    const day = dayOf(Date.now() + 3 * 86_400_000, MADRID);
    const until = zonedInstant(day, "21:30", MADRID)!;
    await page.getByRole("button", { name: "Posponer" }).click();
    const custom = page.locator(".snooze-custom");
    await custom.getByLabel("Día").fill(day);
    await custom.getByLabel("Hora").selectOption("21:30");
    await custom.getByText(`Vuelve el ${wallClockLabel(until, MADRID, "es")} (hora de Madrid).`).waitFor();
    await screenshot(page, "12-snooze-menu");
    await custom.getByRole("button", { name: "Posponer" }).click();
    await expect.poll(() => notice.textContent()).toContain("21:30");
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const view = (await (await ana.request.get(`/api/conversations/${id}`)).json()) as { conversation: { status: string; snoozedUntil: number | null } };
    expect(view.conversation).toMatchObject({ status: "snoozed", snoozedUntil: until });
  } finally {
    await ana.close();
  }
});

test("tags: added from the header with their colour, shown in the list, filterable, removed", async () => {
  const sofia = await signIn("sofia@demo.test");
  await ensureTag(sofia.request, "VIP", "#a855f7");
  await ensureTag(sofia.request, "Reclamación", "#ef4444");
  await sofia.close();

  const name = "Inés Calvo";
  await sendInbound(baseUrl, { from: customerNumber(), name, text: "Soy clienta desde 2019 y es la segunda vez que llega roto 😤" });
  const ana = await signIn("ana@demo.test");
  try {
    const page = await openInbox(ana);
    await openConversation(page, name);
    for (const tag of ["VIP", "Reclamación"]) {
      await page.getByRole("button", { name: "Añadir etiqueta", exact: true }).click();
      await page.locator(".popover-panel .menu-item", { hasText: tag }).click();
      await page.locator(".conv-labels .tag", { hasText: tag }).waitFor();
    }
    await page.locator(".activity", { hasText: "Ana López añadió «VIP»" }).waitFor();
    const chip = page.locator(".conv-labels .tag", { hasText: "VIP" });
    expect(await chip.evaluate((el) => getComputedStyle(el.querySelector(".tag-dot")!).backgroundColor)).toBe("rgb(168, 85, 247)");
    await page.locator(".row", { hasText: name }).locator(".tag", { hasText: "VIP" }).waitFor();
    await page.locator(".conv-labels").getByRole("combobox", { name: "Prioridad" }).selectOption("high");
    await page.locator(".activity", { hasText: "Ana López cambió la prioridad de Normal a Alta" }).waitFor();
    await screenshot(page, "13-tags-priority");

    // The sidebar's tag filter narrows the list (server-side and live).
    await page.locator(".filter-row", { hasText: "Etiqueta" }).locator("select").selectOption({ label: "Reclamación" });
    await page.locator(".row", { hasText: name }).waitFor();
    await page.getByRole("button", { name: "Quitar la etiqueta Reclamación" }).first().click();
    await expect.poll(() => page.locator(".row", { hasText: name }).count(), { timeout: 10_000 }).toBe(0);
    await page.getByRole("button", { name: /Quitar el filtro Reclamación/ }).click();
    await page.locator(".row", { hasText: name }).waitFor();
  } finally {
    await ana.close();
  }
});
