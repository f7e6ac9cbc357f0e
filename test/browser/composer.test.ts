// The composer's team features in Chromium: a "/" canned reply with its variables filled in, an @mention that
// reaches the mentioned agent's other browser as a toast, and attachments — refused before upload when WhatsApp
// would refuse them, otherwise uploaded with a pending bubble and shown as the real image.
import { deflateSync } from "node:zlib";
import { expect, test } from "vitest";
import { browserSuite, openConversation, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound, sentTo, simulatorAvailable } from "./helpers/customer";
import { ensureCanned } from "./helpers/server";

const { baseUrl, signIn } = browserSuite();

/** A real PNG (a honey-coloured square), so the browser can draw it once the server serves it back. */
function png(size = 64): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(data.length + 12);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), data.length + 8);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [242, 165, 22]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}

test("«/salu» + Enter inserts the canned reply with the customer's first name and the agent's name", async () => {
  const sofia = await signIn("sofia@demo.test");
  await ensureCanned(sofia.request, { shortcut: "saludo", title: "Saludo inicial", body: "¡Hola {{contact.first_name}}! Soy {{agent.name}}, del equipo de Demo. ¿En qué te ayudo?" });
  await ensureCanned(sofia.request, { shortcut: "horario", title: "Horario de atención", body: "Atendemos de lunes a viernes de 9:00 a 18:00." });
  await sofia.close();

  const name = "Valentina Ríos";
  const from = customerNumber();
  await sendInbound(baseUrl, { from, name, text: "Buenas tardes 👋" });
  const ana = await signIn("ana@demo.test");
  try {
    const page = await openInbox(ana);
    await openConversation(page, name);
    const input = page.locator("#composer-input");
    await input.click();
    await input.pressSequentially("/salu");
    const picker = page.getByRole("listbox", { name: "Respuestas rápidas" });
    await picker.getByRole("option", { name: /saludo/ }).waitFor();
    expect(await picker.getByRole("option").count()).toBe(1);
    expect(await picker.textContent()).toContain("¡Hola Valentina! Soy Ana López");
    await screenshot(page, "14-canned-picker");
    await input.press("Enter");
    await expect.poll(() => input.inputValue()).toBe("¡Hola Valentina! Soy Ana López, del equipo de Demo. ¿En qué te ayudo?");
    await input.press("Enter");
    await page.locator(".msg-out", { hasText: "¡Hola Valentina! Soy Ana López" }).waitFor();
    if (await simulatorAvailable(baseUrl)) {
      await expect.poll(async () => JSON.stringify(await sentTo(baseUrl, from)), { timeout: 10_000 }).toContain("¡Hola Valentina! Soy Ana López");
    }
  } finally {
    await ana.close();
  }
});

test("an @mention in a note reaches Bruno's other browser as a toast that opens the conversation", async () => {
  const name = "Federico Paz";
  await sendInbound(baseUrl, { from: customerNumber(), name, text: "¿Hacéis factura con CIF de empresa?" });
  const ana = await signIn("ana@demo.test");
  const bruno = await signIn("bruno@demo.test");
  try {
    const brunoPage = await openInbox(bruno);
    const page = await openInbox(ana);
    await openConversation(page, name);
    await page.getByRole("tab", { name: /Nota interna/ }).click();
    const input = page.locator("#composer-input");
    await input.click();
    await input.pressSequentially("@bru");
    await page.getByRole("listbox", { name: "Mencionar a" }).getByRole("option", { name: /Bruno Díaz/ }).waitFor();
    await input.press("Enter");
    await expect.poll(() => input.inputValue()).toBe("@Bruno Díaz ");
    await input.pressSequentially("¿tú llevas las facturas de empresa?");
    await input.press("Enter");
    await page.locator(".msg-note", { hasText: "@Bruno Díaz ¿tú llevas las facturas de empresa?" }).waitFor();

    const toast = brunoPage.locator(".toast", { hasText: "Ana López te mencionó en una nota" });
    await toast.waitFor({ timeout: 10_000 });
    expect(await toast.textContent()).toContain("¿tú llevas las facturas de empresa?");
    await screenshot(brunoPage, "15-mention-toast");
    await toast.getByRole("button", { name: "Abrir" }).click();
    await brunoPage.locator(".conv-name", { hasText: name }).waitFor();
    await brunoPage.locator(".msg-note", { hasText: "¿tú llevas las facturas de empresa?" }).waitFor();
  } finally {
    await ana.close();
    await bruno.close();
  }
});

test("attachments: a GIF and a 6 MB photo are refused before uploading; a PNG uploads and shows as the image", async () => {
  const name = "Camila Soto";
  const from = customerNumber();
  await sendInbound(baseUrl, { from, name, text: "¿Me mandáis una foto del modelo en azul?" });
  const ana = await signIn("ana@demo.test");
  try {
    const page = await openInbox(ana);
    await openConversation(page, name);
    const picker = page.locator(".composer input[type=file]");
    const uploads: string[] = [];
    page.on("request", (r) => r.url().includes("/attachments") && uploads.push(r.url()));

    await picker.setInputFiles({ name: "animacion.gif", mimeType: "image/gif", buffer: Buffer.from("GIF89a") });
    await page.getByRole("alert").filter({ hasText: "WhatsApp no acepta «animacion.gif» (image/gif)" }).waitFor();
    await picker.setInputFiles({ name: "catalogo-grande.png", mimeType: "image/png", buffer: Buffer.alloc(6 * 1024 * 1024, 1) });
    await page.getByRole("alert").filter({ hasText: /«catalogo-grande\.png» pesa 6 MB; WhatsApp admite hasta 5 MB para imágenes/ }).waitFor();
    expect(uploads).toHaveLength(0);

    await picker.setInputFiles({ name: "modelo-azul.png", mimeType: "image/png", buffer: png() });
    await page.locator(".attach-preview", { hasText: "modelo-azul.png" }).waitFor();
    await page.locator("#composer-input").fill("Este es el modelo en azul 💙");
    await screenshot(page, "16-attachment-ready");
    await page.getByRole("button", { name: "Enviar" }).click();

    const bubble = page.locator(".msg-out[data-kind='image']", { hasText: "Este es el modelo en azul" });
    await bubble.waitFor();
    await expect.poll(() => bubble.getAttribute("data-message-id"), { timeout: 10_000 }).not.toMatch(/^local:/);
    const img = bubble.locator("img.media-img");
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 10_000 }).toBe(64);
    expect(await img.getAttribute("src")).toMatch(/\/api\/conversations\/cv_[0-9a-f]+\/messages\/.+\/media$/);
    expect(uploads).toHaveLength(1);
    if (await simulatorAvailable(baseUrl)) {
      await expect.poll(async () => (await sentTo(baseUrl, from)).map((m) => m.type), { timeout: 10_000 }).toEqual(["image"]);
    }
    await screenshot(page, "17-attachment-sent");
  } finally {
    await ana.close();
  }
});
