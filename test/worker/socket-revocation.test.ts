// Deactivating someone or taking them out of a team closes, at once, their sockets on every conversation they can
// no longer see (not at the conversation's next frame, up to 15 minutes later); a claim checks visibility.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BOT_AGENT_ID } from "../../shared/model";
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED } from "../../shared/protocol";
import { api, apiJson, conversationOf } from "./support/api";
import { openSocket } from "./support/sockets";
import { customerNumber, customerSays } from "./support/whatsapp";

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

async function newConversation(): Promise<string> {
  const customer = { waId: customerNumber(), name: "Lucía" };
  await customerSays(customer, "hola");
  return conversationOf(customer.waId);
}

describe("team removal", () => {
  it("closes a member's socket on the team's conversation within a second, and keeps the others", async () => {
    const team = await apiJson("admin", "POST", "/api/admin/teams", { name: "Cuentas", memberIds: ["ag_ana", "ag_bruno"] });
    expect(team.status).toBe(201);
    const id = await newConversation();
    expect((await api("bruno", "POST", `/api/conversations/${id}/claim`)).status).toBe(200);
    expect((await api("sofia", "POST", `/api/conversations/${id}/transfer`, { agentId: "ag_bruno", teamId: team.body.id })).status).toBe(200);
    // Ana sees it only through the team; an unassigned conversation she watches stays open.
    const open = await newConversation();
    const ana = await openSocket("ana", `/parties/conversation/${id}`);
    const anaQueue = await openSocket("ana", `/parties/conversation/${open}`);
    const brunoSocket = await openSocket("bruno", `/parties/conversation/${id}`);
    await ana.socket!.next((f) => f.type === "snapshot");
    await anaQueue.socket!.next((f) => f.type === "snapshot");
    await brunoSocket.socket!.next((f) => f.type === "snapshot");

    const started = Date.now();
    expect((await api("admin", "PUT", `/api/admin/teams/${team.body.id}`, { name: "Cuentas", memberIds: ["ag_bruno"] })).status).toBe(200);
    const closed = await within(ana.socket!.closed, 1_000);
    expect(closed.code).toBe(CLOSE_FORBIDDEN);
    expect(Date.now() - started).toBeLessThan(1_000);
    await ana.socket!.next((f) => f.type === "error" && f.code === "forbidden");
    // She cannot reopen it, and her other socket and Bruno's still stream.
    expect((await openSocket("ana", `/parties/conversation/${id}`)).status).toBe(403);
    await customerSays({ waId: (await apiJson("admin", "GET", `/api/conversations/${id}`)).body.conversation.contact.waId, name: "Lucía" }, "¿hola?");
    await brunoSocket.socket!.next((f) => f.type === "message" && f.message.text === "¿hola?");
    anaQueue.socket!.send({ type: "ping" });
    await anaQueue.socket!.next((f) => f.type === "pong");
    anaQueue.socket!.close();
    brunoSocket.socket!.close();
  });

  it("deleting a team closes its members' sockets on conversations they saw through it", async () => {
    const team = await apiJson("admin", "POST", "/api/admin/teams", { name: "Ventas", memberIds: ["ag_carla"] });
    const id = await newConversation();
    expect((await api("sofia", "POST", `/api/conversations/${id}/transfer`, { agentId: "ag_bruno", teamId: team.body.id })).status).toBe(200);
    const carla = await openSocket("carla", `/parties/conversation/${id}`);
    await carla.socket!.next((f) => f.type === "snapshot");
    // Routing rules or channels may use the team: none do here.
    expect((await api("admin", "DELETE", `/api/admin/teams/${team.body.id}`)).status).toBe(200);
    expect((await within(carla.socket!.closed, 1_000)).code).toBe(CLOSE_FORBIDDEN);
  });
});

describe("deactivation", () => {
  it("closes the person's conversation sockets within a second", async () => {
    const invite = await apiJson("admin", "POST", "/api/admin/invites", { email: "temporal@demo.test", name: "Temporal", role: "agent", teamIds: [] });
    const token = new URL(invite.body.url).pathname.split("/").pop()!;
    const accepted = await api(null, "POST", `/api/auth/invites/${token}/accept`, { password: "demo1234" });
    const agentId = ((await accepted.json()) as { agent: { id: string } }).agent.id;
    const cookie = accepted.headers.get("set-cookie")!.split(";")[0]!;
    const first = await newConversation();
    const second = await newConversation();
    const open = async (id: string) => {
      const res = await exports.default.fetch(`http://colmena.test/parties/conversation/${id}`, { headers: { upgrade: "websocket", origin: "http://colmena.test", cookie } });
      const ws = res.webSocket!;
      ws.accept();
      return { closed: new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code))) };
    };
    const closes = [(await open(first)).closed, (await open(second)).closed];
    const started = Date.now();
    expect((await api("admin", "POST", `/api/admin/agents/${agentId}/deactivate`)).status).toBe(200);
    expect(await within(Promise.all(closes), 1_000)).toEqual([CLOSE_UNAUTHORIZED, CLOSE_UNAUTHORIZED]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("claim", () => {
  it("fails (404) for someone who cannot see the conversation; the owner's name is not given away", async () => {
    const id = await newConversation();
    // The assistant holds it, in no team: agents do not see it.
    expect(await env.Conversation.getByName(id).autoAssign({ id: BOT_AGENT_ID, name: "Asistente" }, "test")).toMatchObject({ ok: true });
    const refused = await apiJson("carla", "POST", `/api/conversations/${id}/claim`);
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toContain("Asistente");
    const taken = await apiJson("sofia", "POST", `/api/conversations/${id}/claim`);
    expect(taken.status).toBe(200);
    expect(taken.body.assigneeId).toBe("ag_sofia");
    // A race's loser still learns who won.
    expect((await apiJson("carla", "POST", `/api/conversations/${id}/claim`)).status).toBe(409);
  });
});
