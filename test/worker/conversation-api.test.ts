// The agents' API over the conversation objects: listing, visibility by role and workspace, the claim race,
// replies and notes, the 24-hour window, templates and clientId idempotency.
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { conversationIdFor } from "../../shared/conversation-id";
import { api, apiJson, conversationOf } from "./support/api";
import { createSecondWorkspace, OTHER } from "./support/second-workspace";
import { customerNumber, customerSays, envelope, nowSeconds, postWebhook, textMessage } from "./support/whatsapp";

const newCustomer = (name = "Marta") => ({ waId: customerNumber(), name });

async function openConversation(text = "Hola, necesito ayuda") {
  const c = newCustomer();
  await customerSays(c, text);
  return { customer: c, id: await conversationOf(c.waId) };
}

/** Waits for the D1 projection (written by the object's outbox) to show a condition. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() - start > timeoutMs) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("listing", () => {
  it("lists new conversations newest first and pages with a cursor", async () => {
    const first = await openConversation("primera");
    await new Promise((r) => setTimeout(r, 1100)); // Meta's timestamps have one-second resolution
    const second = await openConversation("segunda");
    const page = await eventually(
      async () => (await apiJson("admin", "GET", "/api/conversations?limit=1")).body,
      (b) => b.items[0]?.id === second.id,
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: second.id, lastMessagePreview: "segunda", unreadCount: 1, status: "open", assigneeId: null });
    const next = await apiJson("admin", "GET", `/api/conversations?limit=1&cursor=${page.nextCursor}`);
    expect(next.body.items[0].id).toBe(first.id);
  });

  it("rejects a bad filter or cursor with 400", async () => {
    expect((await api("admin", "GET", "/api/conversations?assignee=everyone")).status).toBe(400);
    expect((await api("admin", "GET", "/api/conversations?cursor=%%%")).status).toBe(400);
    expect((await api("admin", "GET", "/api/conversations?limit=5000")).status).toBe(400);
  });
});

describe("claim", () => {
  it("gives a conversation to exactly one of many agents claiming at once; the rest get 409 with the owner", async () => {
    const { id } = await openConversation();
    const claimers = ["ana", "bruno", "carla", "sofia", "admin"] as const;
    const results = await Promise.all(claimers.map((a) => apiJson(a, "POST", `/api/conversations/${id}/claim`)));
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.body.assigneeId;
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ error: "already_claimed", details: { owner: { id: winner } } });
    }
    const view = await apiJson("admin", "GET", `/api/conversations/${id}`);
    expect(view.body.conversation.assigneeId).toBe(winner);
  });

  it("lets the owner claim again (no-op) and records one activity line", async () => {
    const { id } = await openConversation();
    expect((await api("ana", "POST", `/api/conversations/${id}/claim`)).status).toBe(200);
    expect((await api("ana", "POST", `/api/conversations/${id}/claim`)).status).toBe(200);
    const { body } = await apiJson("ana", "GET", `/api/conversations/${id}/messages`);
    const activity = body.messages.filter((m: { direction: string }) => m.direction === "activity");
    expect(activity).toHaveLength(1);
    expect(activity[0].content).toMatchObject({ action: "claimed", agentId: "ag_ana" });
  });
});

describe("visibility", () => {
  it("hides a conversation owned by one agent from another agent, but not from supervisors", async () => {
    const { id } = await openConversation();
    await api("ana", "POST", `/api/conversations/${id}/claim`);
    expect((await api("bruno", "GET", `/api/conversations/${id}`)).status).toBe(404);
    expect((await api("bruno", "POST", `/api/conversations/${id}/messages`, { text: "hola" })).status).toBe(404);
    expect((await api("sofia", "GET", `/api/conversations/${id}`)).status).toBe(200);
    // The list reads D1, which the claim reaches a moment later (the workspace's projection): wait for it.
    const listed = (body: { items: Array<{ id: string }> }) => body.items.some((c) => c.id === id);
    const list = await eventually(async () => (await apiJson("bruno", "GET", "/api/conversations?limit=200")).body, (body) => !listed(body));
    expect(listed(list)).toBe(false);
  });

  it("never shows one workspace's conversations to another workspace, whatever the role", async () => {
    await createSecondWorkspace();
    const c = newCustomer("Cliente de Otra");
    const res = await postWebhook(envelope({ contacts: [c], messages: [textMessage(c, "hola otra")] }, { phoneNumberId: OTHER.phoneNumberId }));
    expect(await res.json()).toMatchObject({ stored: 1 });
    const id = await conversationIdFor("ch_other", c.waId);
    expect((await api("admin", "GET", `/api/conversations/${id}`)).status).toBe(404);
    expect((await api("admin", "POST", `/api/conversations/${id}/claim`)).status).toBe(404);
    expect((await api("admin", "GET", `/api/conversations/${id}/messages`)).status).toBe(404);
    const list = (await apiJson("admin", "GET", "/api/conversations?limit=200")).body;
    expect(list.items.some((x: { id: string }) => x.id === id)).toBe(false);
  });

  it("answers 404 to ids that are not conversation ids without creating an object", async () => {
    expect((await api("admin", "GET", "/api/conversations/not-an-id")).status).toBe(404);
  });
});

describe("replies and notes", () => {
  it("stores a reply as pending and sends it; the same clientId twice stores it once", async () => {
    const { id } = await openConversation();
    const first = await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { text: "¡Hola! Te ayudo ahora mismo.", clientId: "c-1" });
    expect(first.status).toBe(201);
    expect(first.body.message).toMatchObject({ direction: "out", status: "pending", text: "¡Hola! Te ayudo ahora mismo.", authorId: "ag_ana" });
    const again = await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { text: "¡Hola! Te ayudo ahora mismo.", clientId: "c-1" });
    expect(again.status).toBe(200);
    expect(again.body.message.id).toBe(first.body.message.id);
    const { body } = await apiJson("ana", "GET", `/api/conversations/${id}/messages`);
    expect(body.messages.filter((m: { direction: string }) => m.direction === "out")).toHaveLength(1);
  });

  it("stores a private note as a note, never as an outbound message", async () => {
    const { id } = await openConversation();
    const res = await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { text: "Cliente VIP, ojo", private: true });
    expect(res.status).toBe(201);
    expect(res.body.message).toMatchObject({ direction: "note", wamid: null });
  });

  it("refuses free-form text outside the 24-hour window with 422 window_closed", async () => {
    const c = newCustomer();
    // One clock reading: read twice, a second boundary between the reads made this fail under load.
    const wroteAt = nowSeconds() - 25 * 3600;
    await customerSays(c, "escribí hace mucho", { timestamp: wroteAt });
    const id = await conversationOf(c.waId);
    const res = await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { text: "¿Sigues ahí?" });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: "window_closed" });
    expect(res.body.details.windowClosedAt).toBe(wroteAt * 1000 + 24 * 3600 * 1000);
    const view = await apiJson("ana", "GET", `/api/conversations/${id}`);
    expect(view.body.windowClosesAt).toBeLessThan(Date.now());
  });

  it("sends an approved template outside the window, validated against its parameters", async () => {
    const c = newCustomer("Rosa");
    await customerSays(c, "hola", { timestamp: nowSeconds() - 30 * 3600 });
    const id = await conversationOf(c.waId);
    const wrongCount = await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { template: { name: "seguimiento_pedido", language: "es", params: ["Rosa"] } });
    expect(wrongCount.status).toBe(422);
    expect(wrongCount.body).toMatchObject({ error: "template_params", details: { bodyParams: 2 } });
    const unknown = await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { template: { name: "no_existe", language: "es" } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toBe("template_not_approved");
    const ok = await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { template: { name: "seguimiento_pedido", language: "es", params: ["Rosa", "A-1001"] } });
    expect(ok.status).toBe(201);
    expect(ok.body.message).toMatchObject({ kind: "template", status: "pending", text: "Hola Rosa, te escribimos por tu pedido A-1001. ¿Podemos ayudarte en algo más?" });
  });

  it("answers 400 with reasons for an empty or malformed reply", async () => {
    const { id } = await openConversation();
    for (const body of [{}, { text: "   " }, { text: 42 }, { text: "x", private: true, template: { name: "a", language: "es" } }]) {
      const res = await apiJson("ana", "POST", `/api/conversations/${id}/messages`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBe("invalid_request");
    }
    const res = await exports.default.fetch(`http://colmena.test/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://colmena.test" },
      body: "{",
    });
    expect(res.status).toBe(401);
  });

  it("clears the unread count when an agent reads the conversation", async () => {
    const { id } = await openConversation();
    expect((await apiJson("ana", "GET", `/api/conversations/${id}`)).body.conversation.unreadCount).toBe(1);
    expect((await api("ana", "POST", `/api/conversations/${id}/read`)).status).toBe(200);
    expect((await apiJson("ana", "GET", `/api/conversations/${id}`)).body.conversation.unreadCount).toBe(0);
  });
});
