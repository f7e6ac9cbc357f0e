// Live delivery over WebSockets and gap-free catch-up by sequence number; the gate in front of the objects.
import { describe, expect, it } from "vitest";
import { api, conversationOf } from "./support/api";
import { openSocket } from "./support/sockets";
import { customerNumber, customerSays, envelope, postWebhook } from "./support/whatsapp";

const newCustomer = () => ({ waId: customerNumber(), name: "Lucía" });

describe("conversation socket", () => {
  it("sends a snapshot on connect, then each inbound message live with its sequence number", async () => {
    const c = newCustomer();
    await customerSays(c, "primero");
    const id = await conversationOf(c.waId);
    const { socket } = await openSocket("ana", `/parties/conversation/${id}`);
    const snapshot = await socket!.next((f) => f.type === "snapshot");
    expect(snapshot.messages.map((m: { text: string }) => m.text)).toEqual(["primero"]);
    await customerSays(c, "segundo");
    const live = await socket!.next((f) => f.type === "message" && f.message.text === "segundo");
    expect(live.seq).toBeGreaterThan(snapshot.seq);
    const state = await socket!.next((f) => f.type === "conversation" && f.seq > live.seq);
    expect(state.conversation.unreadCount).toBe(2);
    socket!.close();
  });

  it("a reconnecting client asking since N gets exactly the changes it missed", async () => {
    const c = newCustomer();
    await customerSays(c, "uno");
    const id = await conversationOf(c.waId);
    const first = await openSocket("ana", `/parties/conversation/${id}`);
    const snapshot = await first.socket!.next((f) => f.type === "snapshot");
    first.socket!.close();

    await customerSays(c, "dos");
    await customerSays(c, "tres");
    await api("ana", "POST", `/api/conversations/${id}/claim`);

    const again = await openSocket("ana", `/parties/conversation/${id}?since=${snapshot.seq}`);
    const gap = await again.socket!.next((f) => f.type === "changes");
    expect(gap.messages.map((m: { text: string | null; direction: string }) => m.text ?? m.direction)).toEqual(["dos", "tres", "activity"]);
    expect(gap.messages.every((m: { updatedSeq: number }) => m.updatedSeq > snapshot.seq)).toBe(true);
    expect(gap.conversation).toMatchObject({ assigneeId: "ag_ana", unreadCount: 3 });
    expect(gap.seq).toBe(gap.conversation.seq);

    // Asking from the newest seq yields an empty gap.
    const current = await openSocket("ana", `/parties/conversation/${id}?since=${gap.seq}`);
    const empty = await current.socket!.next((f) => f.type === "changes");
    expect(empty.messages).toEqual([]);
    expect(empty.conversation).toBeNull();
    again.socket!.close();
    current.socket!.close();
  });

  it("answers a sync frame with the gap and rejects malformed frames without closing", async () => {
    const c = newCustomer();
    await customerSays(c, "hola");
    const id = await conversationOf(c.waId);
    const { socket } = await openSocket("ana", `/parties/conversation/${id}`);
    const snapshot = await socket!.next((f) => f.type === "snapshot");
    socket!.send({ type: "nonsense" });
    await socket!.next((f) => f.type === "error" && f.code === "bad_frame");
    socket!.send({ type: "sync", since: snapshot.seq - 1 });
    const gap = await socket!.next((f) => f.type === "changes");
    expect(gap.seq).toBe(snapshot.seq);
    socket!.close();
  });

  it("shows who is viewing and typing", async () => {
    const c = newCustomer();
    await customerSays(c, "hola");
    const id = await conversationOf(c.waId);
    const ana = await openSocket("ana", `/parties/conversation/${id}`);
    await ana.socket!.next((f) => f.type === "presence");
    const sofia = await openSocket("sofia", `/parties/conversation/${id}`);
    sofia.socket!.send({ type: "typing", typing: true });
    const presence = await ana.socket!.next((f) => f.type === "presence" && f.viewers.some((v: { agentId: string; typing: boolean }) => v.agentId === "ag_sofia" && v.typing));
    expect(presence.viewers.map((v: { agentId: string }) => v.agentId).sort()).toEqual(["ag_ana", "ag_sofia"]);
    ana.socket!.close();
    sofia.socket!.close();
  });
});

describe("workspace socket", () => {
  it("pushes a list row for every new message, and hides rows another agent claimed", async () => {
    const ana = await openSocket("ana", "/parties/workspace/ws_demo");
    const bruno = await openSocket("bruno", "/parties/workspace/ws_demo");
    const c = newCustomer();
    await customerSays(c, "nuevo cliente");
    const id = await conversationOf(c.waId);
    const row = await ana.socket!.next((f) => f.type === "conversations" && f.items.some((i: { id: string }) => i.id === id));
    expect(row.items.find((i: { id: string }) => i.id === id)).toMatchObject({ lastMessagePreview: "nuevo cliente", assigneeId: null, unreadCount: 1 });
    await api("ana", "POST", `/api/conversations/${id}/claim`);
    await bruno.socket!.next((f) => f.type === "conversations" && f.hidden.includes(id));
    const mine = await ana.socket!.next((f) => f.type === "conversations" && f.items.some((i: { id: string; assigneeId: string }) => i.id === id && i.assigneeId === "ag_ana"));
    expect(mine).toBeTruthy();
    ana.socket!.close();
    bruno.socket!.close();
  });
});

describe("socket gate", () => {
  it("refuses sockets without a session, from another origin, to another workspace, or to unroutable classes", async () => {
    const c = newCustomer();
    await customerSays(c, "hola");
    const id = await conversationOf(c.waId);
    expect((await openSocket(null, `/parties/conversation/${id}`)).status).toBe(401);
    expect((await openSocket("ana", `/parties/conversation/${id}`, { origin: "https://evil.example" })).status).toBe(403);
    expect((await openSocket("ana", "/parties/workspace/ws_other")).status).toBe(403);
    expect((await openSocket("admin", "/parties/graph-simulator/default")).status).toBe(404);
    expect((await openSocket("admin", "/parties/conversation/not-an-id")).status).toBe(403);
  });

  it("refuses an agent the socket of a conversation someone else owns", async () => {
    const c = newCustomer();
    await customerSays(c, "hola");
    const id = await conversationOf(c.waId);
    await api("bruno", "POST", `/api/conversations/${id}/claim`);
    expect((await openSocket("ana", `/parties/conversation/${id}`)).status).toBe(403);
    expect((await openSocket("sofia", `/parties/conversation/${id}`)).status).toBe(101);
  });
});

describe("workspace socket catch-up", () => {
  it("a reconnecting list asking since its cursor gets every row that changed meanwhile, not the whole list", async () => {
    const old = newCustomer();
    await customerSays(old, "de antes");
    const oldId = await conversationOf(old.waId);
    await new Promise((r) => setTimeout(r, 50));
    const first = await openSocket("sofia", "/parties/workspace/ws_demo");
    const seen = newCustomer();
    await customerSays(seen, "visto");
    const seenId = await conversationOf(seen.waId);
    const frame = await first.socket!.next((f) => f.type === "conversations" && f.items.some((i: { id: string }) => i.id === seenId));
    first.socket!.close();

    const missed = [newCustomer(), newCustomer()];
    for (const c of missed) await customerSays(c, "mientras no estabas");
    const missedIds = await Promise.all(missed.map((c) => conversationOf(c.waId)));
    await new Promise((r) => setTimeout(r, 200));

    const again = await openSocket("sofia", `/parties/workspace/ws_demo?since=${frame.cursor}`);
    const gap = await again.socket!.next((f) => f.type === "conversations");
    const ids = gap.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining(missedIds));
    expect(ids).not.toContain(oldId);
    expect(gap.cursor).toBeGreaterThan(frame.cursor);
    again.socket!.close();
  });
});

describe("account-level errors", () => {
  it("tells supervisors live when WhatsApp reports a problem with the number itself", async () => {
    const sofia = await openSocket("sofia", "/parties/workspace/ws_demo");
    const errors = [{ code: 130429, title: "Rate limit hit", message: "Rate limit hit", error_data: { details: "Cloud API message throughput has been reached." } }];
    const res = await postWebhook(envelope({ errors }));
    expect(res.status).toBe(200);
    const alert = await sofia.socket!.next((f) => f.type === "channel_alert");
    expect(alert).toMatchObject({ channelId: "ch_demo_wa", errors: [{ code: 130429, details: "Cloud API message throughput has been reached." }] });
    sofia.socket!.close();
  });
});

describe("live counts", () => {
  it("gives each person their own filter counts, and only when they change", async () => {
    const ana = await openSocket("ana", "/parties/workspace/ws_demo");
    const first = (await ana.socket!.next((f) => f.type === "counts")).counts;
    const c = newCustomer();
    await customerSays(c, "cuenta conmigo");
    const id = await conversationOf(c.waId);
    const queued = await ana.socket!.next((f) => f.type === "counts" && f.counts.unassigned === first.unassigned + 1);
    expect(queued.counts.all).toBe(first.all + 1);
    await api("ana", "POST", `/api/conversations/${id}/claim`);
    const mine = await ana.socket!.next((f) => f.type === "counts" && f.counts.mine === first.mine + 1);
    expect(mine.counts.unassigned).toBe(first.unassigned);
    // Another agent's claim takes it out of Ana's "all" too.
    const other = newCustomer();
    await customerSays(other, "otro");
    const otherId = await conversationOf(other.waId);
    await ana.socket!.next((f) => f.type === "counts" && f.counts.all === mine.counts.all + 1);
    await api("bruno", "POST", `/api/conversations/${otherId}/claim`);
    await ana.socket!.next((f) => f.type === "counts" && f.counts.all === mine.counts.all);
    const countFrames = ana.socket!.frames.filter((f) => f.type === "counts").map((f) => JSON.stringify(f.counts));
    for (let i = 1; i < countFrames.length; i++) expect(countFrames[i]).not.toBe(countFrames[i - 1]);
    ana.socket!.close();
  });
});
