// The satisfaction survey end to end through the Worker and the Graph simulator: an admin turns it on for a number,
// resolving sends WhatsApp's three reply buttons (accepted by the simulator as Meta would), the customer's tap is
// a rating that does not reopen the conversation, the comment after it is kept, and the reports count both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportSummary } from "../../shared/api/reports";
import { api, apiJson, conversationOf } from "./support/api";
import { customerNumber, customerSays, envelope, inboundMessage, postWebhook } from "./support/whatsapp";
import { resetSimulator, sentTo, waitFor } from "./sim-helpers";

const CHANNEL = "ch_demo_wa";

beforeAll(async () => {
  await resetSimulator();
  expect((await api("admin", "PATCH", `/api/admin/channels/${CHANNEL}`, { csatEnabled: true, csatQuestion: "¿Qué tal te atendimos?" })).status).toBe(200);
});
afterAll(async () => {
  await api("admin", "PATCH", `/api/admin/channels/${CHANNEL}`, { csatEnabled: false, csatQuestion: null });
});

const tap = (waId: string, id: string, title: string) =>
  postWebhook(envelope({ contacts: [{ waId, name: "Valoración" }], messages: [inboundMessage({ waId, name: "Valoración" }, { type: "interactive", interactive: { type: "button_reply", button_reply: { id, title } } })] }));

describe("CSAT over WhatsApp", () => {
  it("resolving sends the buttons once; the tap and the comment are recorded without reopening; reports count them", async () => {
    const waId = customerNumber();
    await customerSays({ waId, name: "Valoración" }, "¿Me confirmáis el pedido 1234?");
    const id = await conversationOf(waId);
    expect((await api("ana", "POST", `/api/conversations/${id}/claim`)).status).toBe(200);
    expect((await api("ana", "POST", `/api/conversations/${id}/messages`, { text: "Confirmado, sale mañana.", clientId: "csat-1" })).status).toBe(201);
    expect((await api("ana", "POST", `/api/conversations/${id}/status`, { status: "resolved" })).status).toBe(200);

    const sent = await waitFor(() => sentTo(waId), (log) => log.messages.some((m) => (m.body as { type?: string }).type === "interactive"));
    const survey = sent.messages.find((m) => (m.body as { type?: string }).type === "interactive")!.body as { interactive: { body: { text: string }; action: { buttons: Array<{ reply: { id: string; title: string } }> } } };
    expect(survey.interactive.body.text).toBe("¿Qué tal te atendimos?");
    expect(survey.interactive.action.buttons.map((b) => b.reply.title)).toEqual(["😀 Bien", "😐 Regular", "😞 Mal"]);

    expect((await tap(waId, "csat_5", "😀 Bien")).status).toBe(200);
    await customerSays({ waId, name: "Valoración" }, "Muy amables, gracias");
    const { body } = await apiJson("admin", "GET", `/api/conversations/${id}`);
    expect(body.conversation.status).toBe("resolved");
    await waitFor(() => sentTo(waId), (log) => log.messages.some((m) => JSON.stringify(m.body).includes("Gracias por tu valoración")));

    const now = Date.now();
    const range = `from=${now - 3_600_000}&to=${now + 60_000}&agentId=ag_ana`;
    const summary = await waitFor(async () => (await apiJson<ReportSummary>("sofia", "GET", `/api/reports/summary?${range}`)).body, (s) => s.csat.responses >= 1, 10_000);
    expect(summary.csat).toMatchObject({ asked: 1, responses: 1, score: 5, satisfied: 1, rate: 1 });
    // The comment is a later change than the rating: it may reach D1 a moment after.
    const comments = await waitFor(() => apiJson("sofia", "GET", `/api/reports/csat-comments?${range}`), (r) => r.body.comments.length > 0, 10_000);
    expect(comments.body.comments).toEqual([expect.objectContaining({ conversationId: id, score: 5, comment: "Muy amables, gracias", agentId: "ag_ana" })]);

    // Resolving again without a new cycle asks nothing more.
    const before = (await sentTo(waId)).messages.length;
    expect((await api("ana", "POST", `/api/conversations/${id}/status`, { status: "resolved" })).status).toBe(200);
    expect((await sentTo(waId)).messages.length).toBe(before);
  });

  it("refuses button titles WhatsApp would cut, with the reason", async () => {
    const res = await apiJson("admin", "PATCH", `/api/admin/channels/${CHANNEL}`, { csatLabels: ["Excelente atención recibida", "Regular", "Mal"] });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("20 characters");
  });
});
