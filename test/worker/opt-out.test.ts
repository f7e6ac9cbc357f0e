// Opting out over WhatsApp: "BAJA" (or the workspace's own words) marks the CRM contact opted out and is confirmed
// once, without reopening the conversation nor making anyone owe an answer; "ALTA" opts back in; an agent can do
// either from the contact; an old event replayed never undoes a newer choice.
import { afterAll, describe, expect, it } from "vitest";
import { api, apiJson, conversationOf, env } from "./support/api";
import { customerSays } from "./support/whatsapp";
import { customerNumber, resetSimulator, sentTo, waitFor } from "./sim-helpers";

afterAll(async () => {
  await api("admin", "PATCH", "/api/admin/settings", { optOutKeywords: null });
});

const contactRow = (waId: string) => env.DB.prepare("SELECT id, opted_out_at AS optedOutAt FROM contacts WHERE wa_id = ?").bind(waId).first<{ id: string; optedOutAt: number | null }>();
const texts = async (waId: string) => (await sentTo(waId)).messages.map((m) => (m.body as { text?: { body?: string } }).text?.body ?? "");

describe("opt-out keywords", () => {
  it("BAJA opts out (confirmed once, conversation left as it was); ALTA opts back in; an agent can switch it", async () => {
    await resetSimulator();
    const waId = customerNumber();
    await customerSays({ waId, name: "Baja" }, "Hola, ¿tenéis ofertas?");
    const id = await conversationOf(waId);
    expect((await api("ana", "POST", `/api/conversations/${id}/status`, { status: "resolved" })).status).toBe(200);

    await customerSays({ waId, name: "Baja" }, "¡Baja!");
    await customerSays({ waId, name: "Baja" }, "BAJA");
    const row = await waitFor(() => contactRow(waId), (r) => Boolean(r?.optedOutAt), 10_000);
    const conversation = (await apiJson("ana", "GET", `/api/conversations/${id}`)).body.conversation;
    expect(conversation).toMatchObject({ status: "resolved", waitingSince: null });
    const confirmations = (await waitFor(() => texts(waId), (t) => t.some((x) => x.includes("no te enviaremos")))).filter((x) => x.includes("no te enviaremos"));
    expect(confirmations).toHaveLength(1);
    expect((await apiJson("ana", "GET", `/api/contacts/${row!.id}`)).body.contact.optedOutAt).toBe(row!.optedOutAt);

    await customerSays({ waId, name: "Baja" }, "alta");
    await waitFor(() => contactRow(waId), (r) => r?.optedOutAt === null, 10_000);
    await waitFor(() => texts(waId), (t) => t.some((x) => x.includes("Vuelves a recibir")));

    // An agent records an opt-out the customer asked for by phone; a replay of the older "ALTA" event changes nothing.
    expect((await api("ana", "PATCH", `/api/contacts/${row!.id}`, { optedOut: true })).status).toBe(200);
    const agentSet = (await contactRow(waId))!.optedOutAt;
    expect(agentSet).not.toBeNull();
    const { results } = await env.DB.prepare("SELECT id FROM events WHERE conversation_id = ? AND kind = 'opted_in'").bind(id).all<{ id: string }>();
    expect(results).toHaveLength(1);
    const { writeProjection } = await import("../../durable/projection");
    const replay = await env.DB.prepare("SELECT * FROM events WHERE id = ?").bind(results[0]!.id).first<Record<string, any>>();
    await writeProjection(env.DB, [], [{ id: `${replay!.id}:again`, workspaceId: "ws_demo", conversationId: id, kind: "opted_in", agentId: null, at: replay!.at, value: null, data: JSON.parse(replay!.data), teamId: null, channelId: replay!.channel_id, startedAt: null, waAt: null }], { timeZone: "Europe/Madrid", businessHours: null });
    expect((await contactRow(waId))!.optedOutAt).toBe(agentSet);
  });

  it("the workspace's own keywords replace the defaults; a question about leaving is not a keyword", async () => {
    expect((await api("admin", "PATCH", "/api/admin/settings", { optOutKeywords: ["no más promos"] })).status).toBe(200);
    const waId = customerNumber();
    await customerSays({ waId, name: "Propio" }, "¿Cómo me doy de baja?");
    await customerSays({ waId, name: "Propio" }, "No más promos");
    await waitFor(() => contactRow(waId), (r) => Boolean(r?.optedOutAt), 10_000);
    // The question stayed a question: the customer waits for an answer.
    expect((await apiJson("ana", "GET", `/api/conversations/${await conversationOf(waId)}`)).body.conversation.waitingSince).not.toBeNull();
    const bad = await apiJson("admin", "PATCH", "/api/admin/settings", { optOutKeywords: [] });
    expect(bad.status).toBe(400);
  });
});
