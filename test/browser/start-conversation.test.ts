// Writing first from the inbox: "Nueva conversación" takes a phone in the workspace country's format, a template
// with its values, sends it and opens the conversation — which is the same one the customer's answer lands in.
import { expect, test } from "vitest";
import { browserSuite, openConversation, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound, sentTo, simulatorAvailable } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();

test("an agent starts a conversation with a template; the customer's answer arrives in it", async () => {
  const full = customerNumber();
  const national = full.startsWith("34") ? full.slice(2) : null;
  const context = await signIn("bruno@demo.test");
  try {
    const page = await openInbox(context);
    await page.getByRole("button", { name: "Nueva conversación" }).click();
    const dialog = page.getByRole("dialog", { name: "Nueva conversación" });
    await dialog.waitFor();
    // The demo workspace is in Madrid: +34 is preselected, so the national number is enough.
    await dialog.getByLabel("Teléfono del cliente").fill(national ? `${national.slice(0, 3)} ${national.slice(3)}` : `+${full}`);
    await dialog.getByText(`Se escribirá a +${full}`).waitFor();
    await dialog.getByLabel("Plantilla aprobada").selectOption({ label: "seguimiento_pedido · es" });
    await dialog.getByLabel("Variable {{1}}").fill("Nerea");
    await dialog.getByLabel("Variable {{2}}").fill("#B-2201");
    await screenshot(page, "64-new-conversation");
    await dialog.getByRole("button", { name: "Enviar plantilla" }).click();

    const bubble = page.locator(".msg-out[data-kind='template']", { hasText: "pedido #B-2201" });
    await bubble.waitFor();
    await page.waitForURL(/\/c\/cv_/);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    if (await simulatorAvailable(baseUrl)) {
      await expect.poll(async () => (await sentTo(baseUrl, full)).map((m) => m.type), { timeout: 10_000 }).toEqual(["template"]);
    }
    await sendInbound(baseUrl, { from: full, name: "Nerea", text: "¡Gracias! Llega el jueves, ¿verdad?" });
    await page.locator(".msg-in", { hasText: "Llega el jueves" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/c/${id}`);
  } finally {
    await context.close();
  }
});

test("the composer sends reply buttons and a list; WhatsApp's limits are the fields' limits", async () => {
  const from = customerNumber();
  const name = "Quique Botones";
  await sendInbound(baseUrl, { from, name, text: "¿Qué día puedo pasar?" });
  const context = await signIn("ana@demo.test");
  try {
    const page = await openInbox(context);
    await openConversation(page, name);
    await page.locator(".msg-in", { hasText: "¿Qué día puedo pasar?" }).waitFor();
    await page.getByRole("button", { name: "Botones, lista, enlace o ubicación" }).click();
    const dialog = page.getByRole("dialog", { name: "Enviar botones, lista, enlace o ubicación" });
    await dialog.getByLabel("Mensaje").fill("Tenemos hueco estos días:");
    await dialog.getByLabel("Opción 1").fill("Lunes");
    await dialog.getByLabel("Opción 2").fill("Martes");
    expect(await dialog.getByLabel("Opción 3").getAttribute("maxlength")).toBe("20");
    await screenshot(page, "65-rich-message");
    await dialog.getByRole("button", { name: "Enviar" }).click();
    await page.locator(".msg-out[data-kind='interactive']", { hasText: "Tenemos hueco estos días" }).waitFor();
    if (await simulatorAvailable(baseUrl)) {
      await expect.poll(async () => (await sentTo(baseUrl, from)).map((m) => m.type), { timeout: 10_000 }).toEqual(["interactive"]);
    }

    // A list: the button that opens it and up to ten rows.
    await page.getByRole("button", { name: "Botones, lista, enlace o ubicación" }).click();
    await dialog.getByLabel("Tipo").selectOption({ label: "Lista de opciones (hasta 10)" });
    await dialog.getByLabel("Mensaje").fill("Elige la tienda:");
    await dialog.getByLabel("Texto del botón que abre la lista").fill("Ver tiendas");
    await dialog.getByLabel("Opción 1", { exact: true }).fill("Centro");
    await dialog.getByLabel("Opción 2").fill("Norte");
    expect(await dialog.getByLabel("Opción 10").getAttribute("maxlength")).toBe("24");
    await dialog.getByRole("button", { name: "Enviar" }).click();
    await page.locator(".msg-out[data-kind='interactive']", { hasText: "Elige la tienda" }).waitFor();
    if (await simulatorAvailable(baseUrl)) {
      await expect.poll(async () => (await sentTo(baseUrl, from)).length, { timeout: 10_000 }).toBe(2);
      const sent = await sentTo(baseUrl, from);
      const list = (sent[1]!.body as { interactive: { type: string; action: { button: string; sections: Array<{ rows: Array<{ title: string }> }> } } }).interactive;
      expect(list.type).toBe("list");
      expect(list.action.button).toBe("Ver tiendas");
      expect(list.action.sections.flatMap((s) => s.rows.map((r) => r.title))).toEqual(["Centro", "Norte"]);
    }
  } finally {
    await context.close();
  }
});
