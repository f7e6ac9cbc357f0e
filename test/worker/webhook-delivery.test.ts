// Exactly-once storage under Meta's at-least-once delivery: retries, concurrent duplicates, batches,
// statuses out of order or before their message, and numbers we do not serve.
import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Conversation } from "../../durable/conversation";
import { Draft } from "../../durable/conversation-draft";
import { apiJson, conversationOf } from "./support/api";
import { customerNumber, envelope, postWebhook, statusUpdate, textMessage, wamid } from "./support/whatsapp";

const newCustomer = (name = "Lucía") => ({ waId: customerNumber(), name });

async function history(waId: string) {
  const { body } = await apiJson("admin", "GET", `/api/conversations/${await conversationOf(waId)}/messages?limit=200`);
  return body.messages as Array<{ id: string; wamid: string; text: string; status: string; errorCode: number | null; errorReason: string | null }>;
}

/** Puts an outbound message with a known wamid straight into the object, as if Graph had accepted it. */
async function seedOutbound(waId: string, wamidValue: string) {
  const stub = env.Conversation.getByName(await conversationOf(waId));
  return runInDurableObject(stub, (instance: Conversation) => {
    const draft = new Draft(instance.store.known(instance.state()), Date.now());
    const message = draft.insert({
      id: crypto.randomUUID(), wamid: wamidValue, clientId: null, direction: "out", kind: "text", text: "¡Hola!",
      content: { body: "¡Hola!" }, context: null, referral: null, media: null, status: "accepted",
      authorId: "ag_ana", authorName: "Ana", sentAt: Date.now(),
    });
    instance.storage.transaction(() => instance.store.apply(draft.finish()));
    instance.reload();
    return message;
  });
}

describe("inbound idempotency", () => {
  it("stores a message once when Meta delivers the same webhook twice", async () => {
    const c = newCustomer();
    const payload = envelope({ contacts: [c], messages: [textMessage(c, "Hola 👋")] });
    const first = await (await postWebhook(payload)).json();
    const second = await (await postWebhook(payload)).json();
    expect(first).toMatchObject({ stored: 1, duplicates: 0 });
    expect(second).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await history(c.waId)).toHaveLength(1);
  });

  it("stores a message once when 10 copies arrive concurrently", async () => {
    const c = newCustomer();
    const payload = envelope({ contacts: [c], messages: [textMessage(c, "¿Hay alguien?")] });
    const responses = await Promise.all(Array.from({ length: 10 }, () => postWebhook(payload)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Array<{ stored: number }>;
    expect(bodies.reduce((n, b) => n + b.stored, 0)).toBe(1);
    expect(await history(c.waId)).toHaveLength(1);
  });

  it("stores every item of a batch spanning several entries, changes and customers", async () => {
    const a = newCustomer("Ana");
    const b = newCustomer("Bea");
    const one = envelope({ contacts: [a, b], messages: [textMessage(a, "uno"), textMessage(b, "dos"), textMessage(a, "tres")] });
    const two = envelope({ contacts: [b], messages: [textMessage(b, "cuatro")] });
    const payload = { object: one.object, entry: [...one.entry, ...two.entry] };
    const res = await postWebhook(payload);
    expect(await res.json()).toMatchObject({ stored: 4, conversations: 2 });
    expect((await history(a.waId)).map((m) => m.text)).toEqual(["uno", "tres"]);
    expect((await history(b.waId)).map((m) => m.text)).toEqual(["dos", "cuatro"]);
  });

  it("answers 200 for a number we do not serve, and creates nothing", async () => {
    const c = newCustomer();
    const before = (await listDurableObjectIds(env.Conversation)).length;
    const res = await postWebhook(envelope({ contacts: [c], messages: [textMessage(c, "hola")] }, { phoneNumberId: "999000111222333" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 0, unknownNumbers: ["999000111222333"] });
    expect((await listDurableObjectIds(env.Conversation)).length).toBe(before);
  });
});

describe("delivery statuses", () => {
  it("only move forward: read, then a late delivered and sent, stays read", async () => {
    const c = newCustomer();
    await postWebhook(envelope({ contacts: [c], messages: [textMessage(c, "hola")] }));
    const id = wamid("out");
    await seedOutbound(c.waId, id);
    for (const status of ["read", "delivered", "sent"]) {
      expect((await postWebhook(envelope({ statuses: [statusUpdate(id, status, c.waId)] }))).status).toBe(200);
    }
    expect((await history(c.waId)).find((m) => m.wamid === id)?.status).toBe("read");
  });

  it("failed wins and carries Meta's human-readable reason", async () => {
    const c = newCustomer();
    await postWebhook(envelope({ contacts: [c], messages: [textMessage(c, "hola")] }));
    const id = wamid("out");
    await seedOutbound(c.waId, id);
    const errors = [{ code: 131026, title: "Message undeliverable", message: "Message undeliverable", error_data: { details: "The recipient is not on WhatsApp." } }];
    await postWebhook(envelope({ statuses: [statusUpdate(id, "delivered", c.waId)] }));
    await postWebhook(envelope({ statuses: [statusUpdate(id, "failed", c.waId, { errors })] }));
    await postWebhook(envelope({ statuses: [statusUpdate(id, "read", c.waId)] }));
    const m = (await history(c.waId)).find((x) => x.wamid === id)!;
    expect(m).toMatchObject({ status: "failed", errorCode: 131026, errorReason: "The recipient is not on WhatsApp." });
  });

  it("keeps a status that arrives before its message is known and applies it when it is", async () => {
    const c = newCustomer();
    await postWebhook(envelope({ contacts: [c], messages: [textMessage(c, "hola")] }));
    const id = wamid("early");
    const res = await postWebhook(envelope({ statuses: [statusUpdate(id, "delivered", c.waId)] }));
    expect(await res.json()).toMatchObject({ statusesApplied: 0, statusesDeferred: 1 });
    // Our pending reply learns its wamid from a status carrying our callback data (the send's answer was lost).
    const { body } = await apiJson("ana", "POST", `/api/conversations/${await conversationOf(c.waId)}/messages`, { text: "Te ayudo" });
    const messageId = body.message.id as string;
    await postWebhook(envelope({ statuses: [statusUpdate(id, "sent", c.waId, { callbackData: `${await conversationOf(c.waId)}|${messageId}` })] }));
    const m = (await history(c.waId)).find((x) => x.id === messageId)!;
    expect(m.wamid).toBe(id);
    expect(m.status).toBe("delivered");
  });

  it("a duplicated status webhook changes nothing twice", async () => {
    const c = newCustomer();
    await postWebhook(envelope({ contacts: [c], messages: [textMessage(c, "hola")] }));
    const id = wamid("out");
    await seedOutbound(c.waId, id);
    const payload = envelope({ statuses: [statusUpdate(id, "delivered", c.waId)] });
    await Promise.all([postWebhook(payload), postWebhook(payload), postWebhook(payload)]);
    expect((await history(c.waId)).filter((m) => m.wamid === id)).toHaveLength(1);
  });
});
