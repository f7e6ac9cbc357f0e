// Writing first: POST /api/conversations with an approved template. One conversation per number and contact —
// starting again, or many times at once, lands in the same one — the sender owns it, the template reaches the
// simulator as Meta would get it, and the customer's answer arrives in that same conversation.
import { beforeAll, describe, expect, it } from "vitest";
import { api, apiJson, conversationOf } from "./support/api";
import { customerSays } from "./support/whatsapp";
import { customerNumber, resetSimulator, sentTo, waitFor } from "./sim-helpers";

const CHANNEL = "ch_demo_wa";
const template = (params = ["Lucía", "A-1042"]) => ({ name: "seguimiento_pedido", language: "es", params });

beforeAll(async () => {
  await resetSimulator();
});

describe("starting a conversation", () => {
  it("creates it for the sender with the template sent; the customer's answer lands in it", async () => {
    const to = customerNumber();
    const res = await apiJson("ana", "POST", "/api/conversations", { channelId: CHANNEL, to, template: template(), clientId: "start-1" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: true, duplicate: false, conversation: { id: await conversationOf(to), assigneeId: "ag_ana", status: "open" } });
    expect(res.body.message).toMatchObject({ kind: "template", direction: "out", text: "Hola Lucía, te escribimos por tu pedido A-1042. ¿Podemos ayudarte en algo más?" });
    const sent = await waitFor(() => sentTo(to), (log) => log.messages.length > 0);
    expect(sent.messages[0]!.body).toMatchObject({ type: "template", template: { name: "seguimiento_pedido", language: { code: "es" } } });

    // The same POST again (a retry) is the same message; a second template goes into the same conversation.
    expect((await apiJson("ana", "POST", "/api/conversations", { channelId: CHANNEL, to, template: template(), clientId: "start-1" })).body).toMatchObject({ created: false, duplicate: true });
    const again = await apiJson("ana", "POST", "/api/conversations", { channelId: CHANNEL, to, template: template(["Lucía", "A-1043"]) });
    expect(again).toMatchObject({ status: 200, body: { created: false, duplicate: false, conversation: { id: res.body.conversation.id } } });

    await customerSays({ waId: to, name: "Lucía" }, "¡Gracias! Ya lo recibí.");
    const history = await apiJson("ana", "GET", `/api/conversations/${res.body.conversation.id}/messages`);
    expect(history.body.messages.map((m: { direction: string; text: string }) => m.direction === "in" && m.text).filter(Boolean)).toEqual(["¡Gracias! Ya lo recibí."]);
  });

  it("many starts at once make one conversation; someone else's is refused with its owner", async () => {
    const to = customerNumber();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => apiJson("bruno", "POST", "/api/conversations", { channelId: CHANNEL, to, template: template(), clientId: `race-${i}` })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.conversation.id)).size).toBe(1);
    const other = await apiJson("carla", "POST", "/api/conversations", { channelId: CHANNEL, to, template: template() });
    expect(other).toMatchObject({ status: 409, body: { error: "already_claimed", details: { owner: { id: "ag_bruno" } } } });
    // A resolved conversation started again opens a new cycle for the sender.
    const id = results[0]!.body.conversation.id;
    expect((await api("bruno", "POST", `/api/conversations/${id}/status`, { status: "resolved" })).status).toBe(200);
    expect((await api("bruno", "POST", `/api/conversations/${id}/release`)).status).toBe(200);
    const reopened = await apiJson("carla", "POST", "/api/conversations", { channelId: CHANNEL, to, template: template() });
    expect(reopened).toMatchObject({ status: 200, body: { conversation: { id, status: "open", assigneeId: "ag_carla" } } });
  });

  it("says what is wrong: another workspace's or unknown number, a malformed phone, a template not approved or half filled", async () => {
    const to = customerNumber();
    expect(await apiJson("ana", "POST", "/api/conversations", { channelId: "ch_nope", to, template: template() })).toMatchObject({ status: 404, body: { error: "not_found" } });
    expect(await apiJson("ana", "POST", "/api/conversations", { channelId: CHANNEL, to: "+34 600 11 22 33", template: template() })).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await apiJson("ana", "POST", "/api/conversations", { channelId: CHANNEL, to, template: { name: "promo_navidad", language: "es" } })).toMatchObject({ status: 422, body: { error: "template_not_approved" } });
    expect(await apiJson("ana", "POST", "/api/conversations", { channelId: CHANNEL, to, template: template(["Lucía"]) })).toMatchObject({ status: 422, body: { error: "template_params" } });
    expect(await apiJson("ana", "POST", "/api/conversations", { channelId: CHANNEL, to, template: template(["Lucía", " "]) })).toMatchObject({ status: 422, body: { error: "template_params" } });
    expect((await api(null, "POST", "/api/conversations", { channelId: CHANNEL, to, template: template() })).status).toBe(401);
  });
});
