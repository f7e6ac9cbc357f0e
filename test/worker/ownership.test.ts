// Ownership and lifecycle inside the conversation object: release, transfer (with a note), supervisor
// assignment, races between claim / resolve / the assistant's handoff, snooze and reopen, priority, tags, mentions.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Conversation } from "../../durable/conversation";
import { api, apiJson, conversationOf } from "./support/api";
import { openSocket } from "./support/sockets";
import { customerNumber, customerSays } from "./support/whatsapp";

async function open(text = "Hola") {
  const c = { waId: customerNumber(), name: "Elena" };
  await customerSays(c, text);
  return { id: await conversationOf(c.waId), customer: c };
}
const view = async (id: string) => (await apiJson("admin", "GET", `/api/conversations/${id}`)).body.conversation;
const activity = async (id: string) =>
  ((await apiJson("admin", "GET", `/api/conversations/${id}/messages?limit=200`)).body.messages as Array<{ direction: string; content: Record<string, unknown>; text: string | null }>);
const stub = (id: string) => env.Conversation.getByName(id) as unknown as Conversation;

describe("release and transfer", () => {
  it("lets the owner release a conversation back to the queue, but not another agent", async () => {
    const { id } = await open();
    await api("ana", "POST", `/api/conversations/${id}/claim`);
    const theft = await apiJson("bruno", "POST", `/api/conversations/${id}/release`);
    expect(theft.status).toBe(404); // Bruno cannot even see Ana's conversation
    expect((await api("ana", "POST", `/api/conversations/${id}/release`)).status).toBe(200);
    expect((await view(id)).assigneeId).toBeNull();
    expect((await activity(id)).map((m) => m.content.action).filter(Boolean)).toEqual(["claimed", "released"]);
  });

  it("transfers to a person with a note that travels with it, and to a team", async () => {
    const team = await apiJson("admin", "POST", "/api/admin/teams", { name: `Ventas ${Date.now()}`, memberIds: ["ag_bruno"] });
    const { id } = await open("Quiero contratar el plan anual");
    await api("ana", "POST", `/api/conversations/${id}/claim`);
    const toCarla = await apiJson("ana", "POST", `/api/conversations/${id}/transfer`, { agentId: "ag_carla", note: "Quiere el plan anual, ya le pasé precios" });
    expect(toCarla.status).toBe(200);
    expect(await view(id)).toMatchObject({ assigneeId: "ag_carla", assigneeName: "Carla Ruiz" });
    const lines = await activity(id);
    expect(lines.find((m) => m.content.action === "transferred")!.content).toMatchObject({ fromAgentId: "ag_ana", toAgentId: "ag_carla" });
    expect(lines.find((m) => m.direction === "note")!.text).toBe("Quiere el plan anual, ya le pasé precios");
    const toTeam = await apiJson("carla", "POST", `/api/conversations/${id}/transfer`, { teamId: team.body.id });
    expect(toTeam.body).toEqual({ assigneeId: null, teamId: team.body.id });
    expect((await api("bruno", "GET", `/api/conversations/${id}`)).status).toBe(200);
  });

  it("refuses a transfer to someone outside the workspace or to nobody", async () => {
    const { id } = await open();
    expect((await apiJson("ana", "POST", `/api/conversations/${id}/transfer`, { agentId: "ag_otto" })).status).toBe(422);
    expect((await apiJson("ana", "POST", `/api/conversations/${id}/transfer`, {})).status).toBe(400);
  });

  it("lets only supervisors and admins force-assign", async () => {
    const { id } = await open();
    await api("ana", "POST", `/api/conversations/${id}/claim`);
    expect((await api("ana", "POST", `/api/conversations/${id}/assign`, { agentId: "ag_ana" })).status).toBe(403);
    const forced = await apiJson("sofia", "POST", `/api/conversations/${id}/assign`, { agentId: "ag_bruno" });
    expect(forced.body.assigneeId).toBe("ag_bruno");
    expect((await activity(id)).some((m) => m.content.action === "assigned" && m.content.agentId === "ag_bruno")).toBe(true);
  });
});

describe("races", () => {
  it("claim against resolve: both land in some order and every reader agrees on the final state", async () => {
    const { id } = await open();
    const [claim, resolve] = await Promise.all([
      apiJson("ana", "POST", `/api/conversations/${id}/claim`),
      apiJson("sofia", "POST", `/api/conversations/${id}/status`, { status: "resolved" }),
    ]);
    expect(claim.status).toBe(200);
    expect(resolve.status).toBe(200);
    const state = await view(id);
    expect(state).toMatchObject({ assigneeId: "ag_ana", status: "resolved" });
  });

  it("a person taking over and the assistant's handoff race: exactly one outcome, never both", async () => {
    for (let round = 0; round < 10; round++) {
      const { id } = await open();
      await stub(id).giveToBot(null);
      expect(await view(id)).toMatchObject({ assigneeId: "bot", status: "pending" });
      const [claim, handoff] = await Promise.all([apiJson("sofia", "POST", `/api/conversations/${id}/claim`), stub(id).handoff("customer asked for a human", null)]);
      const state = await view(id);
      if (handoff.ok) {
        // Handoff first, then Sofía claimed the unassigned conversation.
        expect(claim.status).toBe(200);
        expect(state.assigneeId).toBe("ag_sofia");
      } else {
        // Sofía took over first; the handoff found a person owning it and changed nothing.
        expect(handoff.error.code).toBe("not_bot_owned");
        expect(state.assigneeId).toBe("ag_sofia");
      }
      expect(state.status).toBe("open");
    }
  });
});

describe("the assistant", () => {
  it("reopening a conversation the assistant handles hands it to people and routes it", async () => {
    const { id } = await open();
    await stub(id).giveToBot(null);
    expect((await apiJson("sofia", "POST", `/api/conversations/${id}/status`, { status: "open" })).status).toBe(200);
    expect(await view(id)).toMatchObject({ status: "open", assigneeId: null });
  });
});

describe("lifecycle", () => {
  it("snoozes until a time; the object's alarm wakes it", async () => {
    const { id } = await open();
    const until = Date.now() + 600;
    expect((await api("ana", "POST", `/api/conversations/${id}/status`, { status: "snoozed", snoozedUntil: until })).status).toBe(200);
    expect(await view(id)).toMatchObject({ status: "snoozed", snoozedUntil: until });
    await new Promise((r) => setTimeout(r, 1200));
    expect(await view(id)).toMatchObject({ status: "open", snoozedUntil: null });
    expect((await activity(id)).map((m) => m.content.action).filter(Boolean)).toEqual(["snoozed", "woke"]);
  });

  it("a customer message reopens a resolved or snoozed conversation", async () => {
    const { id, customer } = await open();
    await api("ana", "POST", `/api/conversations/${id}/status`, { status: "resolved" });
    await customerSays(customer, "Una cosa más");
    expect((await view(id)).status).toBe("open");
    await api("ana", "POST", `/api/conversations/${id}/status`, { status: "snoozed", snoozedUntil: Date.now() + 3_600_000 });
    await customerSays(customer, "¿Hola?");
    expect(await view(id)).toMatchObject({ status: "open", snoozedUntil: null });
  });

  it("refuses a snooze in the past", async () => {
    const { id } = await open();
    expect((await apiJson("ana", "POST", `/api/conversations/${id}/status`, { status: "snoozed", snoozedUntil: Date.now() - 1000 })).body.error).toBe("snooze_in_past");
  });

  it("sets priority and tags, refusing tags of another workspace", async () => {
    const { id } = await open();
    const tag = await apiJson("sofia", "POST", "/api/admin/tags", { name: `vip-${Date.now()}`, color: "#ffaa00" });
    expect((await apiJson("ana", "POST", `/api/conversations/${id}/priority`, { priority: "urgent" })).body).toEqual({ priority: "urgent" });
    expect((await apiJson("ana", "POST", `/api/conversations/${id}/tags`, { add: [tag.body.id] })).body).toEqual({ tagIds: [tag.body.id] });
    expect((await apiJson("ana", "POST", `/api/conversations/${id}/tags`, { add: ["tag_of_someone_else"] })).status).toBe(422);
    const list = await (async () => {
      for (let i = 0; i < 100; i++) {
        const items = (await apiJson("ana", "GET", `/api/conversations?tagId=${tag.body.id}`)).body.items;
        if (items.length) return items;
        await new Promise((r) => setTimeout(r, 30));
      }
      return [];
    })();
    expect(list.map((c: { id: string }) => c.id)).toEqual([id]);
  });

  it("a note @mention notifies the person live and lets them open the conversation", async () => {
    const { id } = await open();
    await api("ana", "POST", `/api/conversations/${id}/claim`);
    const bruno = await openSocket("bruno", "/parties/workspace/ws_demo");
    expect((await api("bruno", "GET", `/api/conversations/${id}`)).status).toBe(404);
    const note = await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { text: "@Bruno ¿puedes mirar esto?", private: true, mentions: ["ag_bruno"] });
    expect(note.status).toBe(201);
    const mention = await bruno.socket!.next((f) => f.type === "mention" && f.conversationId === id);
    expect(mention).toMatchObject({ byName: "Ana López", messageId: note.body.message.id });
    expect((await api("bruno", "GET", `/api/conversations/${id}`)).status).toBe(200);
    expect((await apiJson("ana", "POST", `/api/conversations/${id}/messages`, { text: "hola", mentions: ["ag_bruno"] })).status).toBe(400);
    bruno.socket!.close();
  });
});

describe("object internals stay consistent", () => {
  it("keeps one owner in storage whatever the order of operations", async () => {
    const { id } = await open();
    await Promise.all(["ana", "bruno", "carla"].map((a) => api(a as "ana", "POST", `/api/conversations/${id}/claim`)));
    await runInDurableObject(env.Conversation.getByName(id), (instance: Conversation) => {
      const state = instance.state()!;
      expect(["ag_ana", "ag_bruno", "ag_carla"]).toContain(state.assigneeId);
    });
  });
});
