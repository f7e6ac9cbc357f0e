// The assistant end to end in the product: outside business hours a customer writes on /dev/phone (the simulated
// WhatsApp), the bot answers from the knowledge base, the customer asks for a person, the bot hands over, and an
// agent sees its note in the inbox and replies — which reaches the customer's phone.
import { expect, test } from "vitest";
import { browserSuite, openConversation, openInbox, screenshot } from "./helpers/browser";
import { customerNumber } from "./helpers/customer";

const { signIn, guest } = browserSuite();
const CHANNEL = "ch_demo_wa";

test("outside hours the bot answers on the phone, hands off when asked for a person, and the agent replies", async () => {
  const admin = await signIn("admin@demo.test");
  const settings = (await (await admin.request.get("/api/admin/settings")).json()) as { workspace: { businessHours: unknown } };
  // Closed every day: now is outside business hours.
  expect((await admin.request.patch("/api/admin/settings", { data: { businessHours: { weekly: {}, holidays: [] } } })).status()).toBe(200);
  expect((await admin.request.patch(`/api/admin/channels/${CHANNEL}`, { data: { botMode: "outside_hours", handoffMessage: "Te paso con una persona del equipo 🙌" } })).status()).toBe(200);
  try {
    const name = "Nerea Bot";
    const number = customerNumber();
    const phone = await (await guest()).newPage();
    await phone.goto("/dev/phone");
    await phone.getByLabel("Número (sin +)").fill(number);
    await phone.getByLabel("Nombre").fill(name);
    const say = async (text: string) => {
      await phone.locator("#phone-text").fill(text);
      await phone.locator("#phone-text").press("Enter");
    };
    await say("hola, hacen envios a canarias??");
    // The bot's answer, from the shipping article (the phone page polls the simulator every second).
    await phone.locator(".msg-in", { hasText: "Canarias en 3-5 días" }).waitFor({ timeout: 20_000 });

    await say("quiero hablar con una persona por favor");
    await phone.locator(".msg-in", { hasText: "Te paso con una persona del equipo 🙌" }).waitFor({ timeout: 20_000 });

    const agent = await signIn("ana@demo.test");
    const inbox = await openInbox(agent);
    await openConversation(inbox, name);
    // The assistant's own answer is in the history, and its note tells the team why it handed over.
    await inbox.getByText("Canarias en 3-5 días").first().waitFor();
    await inbox.getByText(/El asistente pasa la conversación al equipo: el cliente pide hablar con una persona/).waitFor();
    await screenshot(inbox, "bot-handoff-note");
    // Default mode (no model): the composer offers no assist buttons.
    expect(await inbox.getByRole("button", { name: "Sugerir" }).count()).toBe(0);
    await inbox.locator("#composer-input").fill("¡Hola Nerea! Soy Ana, dime en qué te ayudo.");
    await inbox.locator("#composer-input").press("Enter");
    await phone.locator(".msg-in", { hasText: "Soy Ana, dime en qué te ayudo" }).waitFor({ timeout: 20_000 });
    await agent.close();
  } finally {
    await admin.request.patch(`/api/admin/channels/${CHANNEL}`, { data: { botMode: "never" } });
    await admin.request.patch("/api/admin/settings", { data: { businessHours: settings.workspace.businessHours ?? null } });
    await admin.close();
  }
});
