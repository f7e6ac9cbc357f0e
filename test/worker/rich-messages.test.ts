// What agents send besides text: reply buttons, lists, a link button, a location request, a location and a
// reaction — WhatsApp's limits refused with the reason before anything is stored, the rest accepted by the Graph
// simulator exactly as Meta takes it, and a reaction leaving the customer's wait alone.
import { beforeAll, describe, expect, it } from "vitest";
import { api, apiJson, conversationOf } from "./support/api";
import { customerSays } from "./support/whatsapp";
import { customerNumber, resetSimulator, sentTo, waitFor } from "./sim-helpers";

beforeAll(async () => {
  await resetSimulator();
});

async function openConversation() {
  const waId = customerNumber();
  await customerSays({ waId, name: "Rico" }, "¿Qué horarios tenéis?");
  const id = await conversationOf(waId);
  expect((await api("ana", "POST", `/api/conversations/${id}/claim`)).status).toBe(200);
  return { waId, id };
}
const send = (id: string, rich: unknown, extra: Record<string, unknown> = {}) => apiJson("ana", "POST", `/api/conversations/${id}/messages`, { rich, ...extra });
const sentBodies = async (waId: string, count: number) => (await waitFor(() => sentTo(waId), (log) => log.messages.length >= count)).messages.map((m) => m.body as Record<string, any>);

describe("rich messages from agents", () => {
  it("buttons, a list, a link button, a location request and a location reach WhatsApp as Meta takes them", async () => {
    const { waId, id } = await openConversation();
    const buttons = await send(id, { type: "button", body: "¿Qué día te viene bien?", buttons: [{ id: "lun", title: "Lunes" }, { id: "mar", title: "Martes" }] });
    expect(buttons.status).toBe(201);
    expect(buttons.body.message).toMatchObject({ kind: "interactive", text: "¿Qué día te viene bien?\n[Lunes] [Martes]" });
    const listed = await send(id, { type: "list", body: "Elige un servicio", button: "Ver servicios", sections: [{ title: "Óptica", rows: [{ id: "rev", title: "Revisión", description: "20 minutos" }, { id: "len", title: "Lentillas" }] }] });
    expect(listed.status).toBe(201);
    expect((await send(id, { type: "cta_url", body: "Reserva online", displayText: "Reservar", url: "https://colmena.example/reservas" })).status).toBe(201);
    expect((await send(id, { type: "location_request", body: "¿Nos mandas tu ubicación para el envío?" })).status).toBe(201);
    expect((await send(id, { type: "location", latitude: 40.4168, longitude: -3.7038, name: "Tienda Centro", address: "Puerta del Sol 1, Madrid" })).status).toBe(201);
    // Each send is its own outbox job: they may reach WhatsApp in any order.
    const bodies = await sentBodies(waId, 5);
    expect(bodies.map((b) => b.interactive?.type ?? b.type).sort()).toEqual(["button", "cta_url", "list", "location", "location_request_message"]);
    expect(bodies.find((b) => b.type === "location")!.location).toEqual({ latitude: 40.4168, longitude: -3.7038, name: "Tienda Centro", address: "Puerta del Sol 1, Madrid" });
    // Answered: the customer no longer waits.
    expect((await apiJson("ana", "GET", `/api/conversations/${id}`)).body.conversation.waitingSince).toBeNull();
  });

  it("refuses what WhatsApp would refuse, with the reason, and stores nothing", async () => {
    const { id } = await openConversation();
    const four = Array.from({ length: 4 }, (_, i) => ({ id: `b${i}`, title: `Opción ${i}` }));
    const cases: Array<[unknown, string]> = [
      [{ type: "button", body: "x", buttons: four }, "buttons"],
      [{ type: "button", body: "x", buttons: [{ id: "a", title: "Sí" }, { id: "b", title: "Sí" }] }, "different"],
      [{ type: "button", body: "x", buttons: [{ id: "a", title: "Un título de más de veinte" }] }, "buttons.0.title"],
      [{ type: "list", body: "x", button: "Ver", sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Fila ${i}` })) }] }, "10 rows"],
      [{ type: "cta_url", body: "x", displayText: "Abrir", url: "http://inseguro.example" }, "https"],
      [{ type: "location", latitude: 91, longitude: 0 }, "latitude"],
    ];
    for (const [rich, reason] of cases) {
      const res = await send(id, rich);
      expect(res.status, JSON.stringify(rich)).toBe(400);
      expect(res.body.message).toContain(reason);
    }
    expect((await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { text: "hola", rich: { type: "location_request", body: "x" } })).status).toBe(400);
    const history = await apiJson("ana", "GET", `/api/conversations/${id}/messages`);
    expect(history.body.messages.filter((m: { direction: string }) => m.direction === "out")).toEqual([]);
  });

  it("a reaction goes on the customer's message, leaves the wait as it was, and cannot go on our own", async () => {
    const { waId, id } = await openConversation();
    const history = await apiJson("ana", "GET", `/api/conversations/${id}/messages`);
    const theirs = history.body.messages.find((m: { direction: string }) => m.direction === "in");
    const reacted = await send(id, { type: "reaction", messageId: theirs.id, emoji: "👍" });
    expect(reacted.status).toBe(201);
    const [body] = await sentBodies(waId, 1);
    expect(body).toMatchObject({ type: "reaction", reaction: { message_id: theirs.wamid, emoji: "👍" } });
    expect((await apiJson("ana", "GET", `/api/conversations/${id}`)).body.conversation.waitingSince).not.toBeNull();
    const ours = await send(id, { type: "location_request", body: "¿Dónde estás?" });
    expect((await send(id, { type: "reaction", messageId: ours.body.message.id, emoji: "❤️" })).body).toMatchObject({ error: "reaction_target" });
  });
});
