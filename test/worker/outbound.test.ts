// The reply path end to end through the Graph simulator: a reply goes out once and its ticks come back;
// a note never leaves; a send whose answer is lost is settled by its status webhook, never sent twice;
// opening a conversation marks the customer's messages read; inbound media is copied to R2.
import { beforeEach, describe, expect, it } from "vitest";
import { apiJson, api, conversationOf } from "./support/api";
import { openSocket } from "./support/sockets";
import { customerNumber } from "./support/whatsapp";
import { control, customerWrites, resetSimulator, sentTo, waitFor } from "./sim-helpers";

const history = async (id: string) => (await apiJson("admin", "GET", `/api/conversations/${id}/messages?limit=200`)).body.messages as Array<Record<string, any>>;

beforeEach(async () => {
  await resetSimulator();
});

describe("replies through the Graph API", () => {
  it("sends a reply once and moves it pending → accepted → sent → delivered → read, live on the socket", async () => {
    const number = customerNumber();
    await customerWrites(number);
    const id = await conversationOf(number);
    const { socket } = await openSocket("ana", `/parties/conversation/${id}`);
    const sent = await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { text: "¡Hola Lucía! Sí, el lunes a las 10:00.", clientId: "r-1" });
    expect(sent.status).toBe(201);
    const messageId = sent.body.message.id;
    await socket!.next((f) => f.type === "message" && f.message.id === messageId && f.message.status === "read", 5000);
    const log = await sentTo(number);
    expect(log.messages).toHaveLength(1);
    expect(log.messages[0]!.body).toMatchObject({ type: "text", text: { body: "¡Hola Lucía! Sí, el lunes a las 10:00." }, to: number });
    expect(log.messages[0]!.callbackData).toBe(`${id}|${messageId}`);
    const stored = (await history(id)).find((m) => m.id === messageId)!;
    expect(stored).toMatchObject({ status: "read", wamid: log.messages[0]!.wamid });
    // Each tick was its own frame, in order.
    const ticks = socket!.frames.filter((f) => f.type === "message" && f.message.id === messageId).map((f) => f.message.status);
    expect(ticks.filter((s, i) => s !== ticks[i - 1])).toEqual(["pending", "accepted", "sent", "delivered", "read"]);
    socket!.close();
  });

  it("never sends an internal note to WhatsApp", async () => {
    const number = customerNumber();
    await customerWrites(number);
    const id = await conversationOf(number);
    expect((await api("ana", "POST", `/api/conversations/${id}/messages`, { text: "Ojo: cliente con incidencia abierta", private: true })).status).toBe(201);
    expect((await api("ana", "POST", `/api/conversations/${id}/messages`, { text: "Te ayudo" })).status).toBe(201);
    const log = await waitFor(() => sentTo(number), (l) => l.messages.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    const after = await sentTo(number);
    expect(after.messages.map((m) => (m.body as { text?: { body: string } }).text?.body)).toEqual(["Te ayudo"]);
    expect(JSON.stringify(log)).not.toContain("incidencia");
  });

  it("a send whose answer times out is settled by its status webhook and is never sent twice", async () => {
    const number = customerNumber();
    await customerWrites(number);
    const id = await conversationOf(number);
    // The simulator accepts the message but answers after the client gave up (GRAPH_TIMEOUT_MS=500 in tests).
    expect((await control("/faults", { code: 131000, mode: "timeout", delayMs: 1500 })).status).toBe(200);
    const { body } = await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { text: "Una sola vez, por favor" });
    const settled = await waitFor(() => history(id), (ms) => ms.find((m) => m.id === body.message.id)?.status === "read", 8000);
    expect(settled.find((m) => m.id === body.message.id)!.wamid).toMatch(/^wamid\./);
    // Longer than the reconcile wait (SEND_RECONCILE_MS=300): a resend would have happened by now.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await sentTo(number)).messages).toHaveLength(1);
  });

  it("marks the customer's messages read on WhatsApp when an agent opens the conversation", async () => {
    const number = customerNumber();
    const { wamids } = await customerWrites(number);
    const id = await conversationOf(number);
    expect((await api("ana", "POST", `/api/conversations/${id}/read`)).status).toBe(200);
    const log = await waitFor(() => sentTo(number), () => true);
    const reads = await waitFor(
      async () => (await control<{ reads: Array<{ messageId: string }> }>("/sent")).json.reads,
      (r) => r.some((x) => x.messageId === wamids[0]),
    );
    expect(reads.some((r) => r.messageId === wamids[0])).toBe(true);
    expect(log.messages).toHaveLength(0);
  });
});

describe("inbound media", () => {
  it("copies an image from the Graph API into R2 and serves it to agents only", async () => {
    const number = customerNumber();
    await customerWrites(number, { text: undefined, message: { type: "image", image: { caption: "Mi receta" } } });
    const id = await conversationOf(number);
    const messages = await waitFor(() => history(id), (ms) => ms[0]?.media?.state === "stored");
    const image = messages[0]!;
    expect(image.media).toMatchObject({ state: "stored", mimeType: "image/jpeg" });
    const res = await api("ana", "GET", `/api/conversations/${id}/messages/${image.id}/media`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]); // JPEG signature
    expect(image.media.size).toBe(bytes.byteLength);
    expect((await api(null, "GET", `/api/conversations/${id}/messages/${image.id}/media`)).status).toBe(401);
  });

  it("refuses a file over WhatsApp's size limit with a clear reason instead of storing it", async () => {
    const number = customerNumber();
    await customerWrites(number, { text: undefined, message: { type: "image", image: {} }, fileSize: 6 * 1024 * 1024 });
    const id = await conversationOf(number);
    const messages = await waitFor(() => history(id), (ms) => ms[0]?.media?.state === "failed");
    expect(messages[0]!.media.error).toMatch(/image is 6\.0 MB; WhatsApp allows up to 5 MB/);
    const res = await apiJson("ana", "GET", `/api/conversations/${id}/messages/${messages[0]!.id}/media`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/could not be copied/);
  });
});
