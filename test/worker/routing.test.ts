// The routing engine in the workspace object: round robin and least busy within capacity, the queue drained
// when someone comes online, rules, the return timer, offline rerouting with a grace period, unattended alerts.
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Agent, api, apiJson, conversationOf } from "./support/api";
import { openSocket, type TestSocket } from "./support/sockets";
import { customerNumber, customerSays, envelope, inboundMessage, postWebhook } from "./support/whatsapp";

const sockets: TestSocket[] = [];
async function goOnline(agent: Agent): Promise<TestSocket> {
  const { socket } = await openSocket(agent, "/parties/workspace/ws_demo");
  await socket!.next((f) => f.type === "presence");
  sockets.push(socket!);
  return socket!;
}

async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

const view = async (id: string) => (await apiJson("admin", "GET", `/api/conversations/${id}`)).body.conversation;
const assigneeOf = (id: string, done: (a: string | null) => boolean = (a) => a !== null, timeoutMs?: number) =>
  waitFor(async () => (await view(id)).assigneeId as string | null, done, timeoutMs);

/** Conversations each test opened; afterEach resolves them so the next test starts with nobody carrying load. */
const opened: string[] = [];
async function newConversation(text = "Hola, necesito ayuda", customer = { waId: customerNumber(), name: "Cliente" }): Promise<string> {
  await customerSays(customer, text);
  const id = await conversationOf(customer.waId);
  opened.push(id);
  return id;
}

async function settings(patch: Record<string, unknown>) {
  const res = await api("admin", "PATCH", "/api/admin/settings", patch);
  expect(res.status).toBe(200);
}
async function policy(routingPolicy: string, defaultTeamId: string | null = null) {
  expect((await api("admin", "PATCH", "/api/admin/channels/ch_demo_wa", { routingPolicy, defaultTeamId })).status).toBe(200);
}
async function capacity(agent: string, n: number) {
  expect((await api("admin", "PATCH", `/api/admin/agents/ag_${agent}`, { capacity: n })).status).toBe(200);
}

beforeAll(async () => {
  await settings({ offlineGraceSeconds: 1, unattendedAfterSeconds: 600, returnAfterSeconds: null });
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await policy("manual");
  // Each test starts with an empty queue and nobody carrying load (tests in a file share storage). Resolved
  // through the objects themselves: the D1 list lags the objects by the projection delay.
  await Promise.all(opened.splice(0).map((id) => api("admin", "POST", `/api/conversations/${id}/status`, { status: "resolved" })));
  await Promise.all(["ana", "bruno", "carla"].map((a) => capacity(a, 8)));
  // Let presence settle offline (grace 1 s) so the next test starts from nobody online.
  await new Promise((r) => setTimeout(r, 1300));
});

describe("round robin", () => {
  it("spreads new conversations evenly among online agents, in rotation", async () => {
    await policy("round_robin");
    await Promise.all([goOnline("ana"), goOnline("bruno"), goOnline("carla")]);
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push(await newConversation(`consulta ${i}`));
    const owners = await Promise.all(ids.map((id) => assigneeOf(id)));
    const tally = owners.reduce<Record<string, number>>((t, o) => ({ ...t, [o!]: (t[o!] ?? 0) + 1 }), {});
    expect(tally).toEqual({ ag_ana: 3, ag_bruno: 3, ag_carla: 3 });
    // Rotation: no one gets two in a row.
    for (let i = 1; i < owners.length; i++) expect(owners[i]).not.toBe(owners[i - 1]);
  });

  it("never exceeds an agent's capacity; the rest wait in the queue", async () => {
    await policy("round_robin");
    await Promise.all(["ana", "bruno", "carla"].map((a) => capacity(a, 1)));
    await goOnline("ana");
    const first = await newConversation("uno");
    expect(await assigneeOf(first)).toBe("ag_ana");
    const ids = [first, await newConversation("dos")];
    await new Promise((r) => setTimeout(r, 300));
    expect((await view(ids[1]!)).assigneeId).toBeNull();
    // Resolving frees capacity: the queue drains at once.
    expect((await api("ana", "POST", `/api/conversations/${ids[0]}/status`, { status: "resolved" })).status).toBe(200);
    expect(await assigneeOf(ids[1]!)).toBe("ag_ana");
  });

  it("drains the queue, oldest waiting first, when an agent comes online", async () => {
    await policy("round_robin");
    await capacity("bruno", 1);
    const older = await newConversation("llevo esperando");
    await new Promise((r) => setTimeout(r, 1100)); // Meta's timestamps are seconds
    const newer = await newConversation("acabo de llegar");
    await new Promise((r) => setTimeout(r, 200));
    expect((await view(older)).assigneeId).toBeNull();
    await goOnline("bruno");
    expect(await assigneeOf(older)).toBe("ag_bruno");
    await new Promise((r) => setTimeout(r, 300));
    expect((await view(newer)).assigneeId).toBeNull();
  });

  it("does not route to someone who set themself away", async () => {
    await policy("round_robin");
    const ana = await goOnline("ana");
    ana.send({ type: "presence", state: "away" });
    await ana.next((f) => f.type === "presence" && f.agents.some((a: { agentId: string; state: string }) => a.agentId === "ag_ana" && a.state === "away"));
    await goOnline("carla");
    const ids = [await newConversation("a"), await newConversation("b")];
    expect(await Promise.all(ids.map((id) => assigneeOf(id)))).toEqual(["ag_carla", "ag_carla"]);
    // Away survives reconnects until the person comes back by hand.
    ana.send({ type: "presence", state: "online" });
    await ana.next((f) => f.type === "presence" && f.agents.some((a: { agentId: string; state: string }) => a.agentId === "ag_ana" && a.state === "online"));
  });
});

describe("least busy", () => {
  it("gives a new conversation to whoever has the fewest open", async () => {
    await policy("manual");
    const mine = [await newConversation("x"), await newConversation("y")];
    for (const id of mine) await api("ana", "POST", `/api/conversations/${id}/claim`);
    await policy("least_busy");
    await Promise.all([goOnline("ana"), goOnline("bruno")]);
    const next = await newConversation("z");
    expect(await assigneeOf(next)).toBe("ag_bruno");
  });
});

describe("rules", () => {
  it("routes by keyword to a team (first match wins), tags it, and only team members get it", async () => {
    const team = await apiJson("admin", "POST", "/api/admin/teams", { name: "Cobranza", memberIds: ["ag_carla"] });
    const tag = await apiJson("admin", "POST", "/api/admin/tags", { name: "facturación", color: "#aa3366" });
    const rule = await apiJson("admin", "POST", "/api/admin/rules", {
      name: "Facturas a Cobranza", position: 1,
      conditions: { textContains: ["factura", "cobro"] },
      actions: { teamId: team.body.id, tagIds: [tag.body.id], priority: "high" },
    });
    expect(rule.status).toBe(201);
    await apiJson("admin", "POST", "/api/admin/rules", { name: "Todo lo demás", position: 2, conditions: {}, actions: { priority: "low" } });
    await policy("round_robin");
    await Promise.all([goOnline("ana"), goOnline("carla")]);
    const billing = await newConversation("Tengo un problema con mi FÁCTURA de octubre");
    expect(await assigneeOf(billing)).toBe("ag_carla");
    expect(await view(billing)).toMatchObject({ teamId: team.body.id, priority: "high", tagIds: [tag.body.id] });
    const other = await newConversation("¿Abrís el sábado?");
    await waitFor(() => view(other), (v) => v.priority === "low");
    // An agent outside the team does not see the team's conversation once Carla owns it.
    expect((await api("ana", "GET", `/api/conversations/${billing}`)).status).toBe(404);
    expect((await api("carla", "GET", `/api/conversations/${billing}`)).status).toBe(200);
  });

  it("matches phone prefixes and ad referrals", async () => {
    const tag = await apiJson("admin", "POST", "/api/admin/tags", { name: "anuncio", color: "#2266aa" });
    await apiJson("admin", "POST", "/api/admin/rules", { name: "Desde anuncio", position: 0, conditions: { fromAd: true }, actions: { tagIds: [tag.body.id] } });
    await apiJson("admin", "POST", "/api/admin/rules", { name: "Colombia urgente", position: 0, conditions: { phonePrefixes: ["+57"] }, actions: { priority: "urgent" } });
    const colombian = { waId: `57300${Math.floor(1_000_000 + Math.random() * 8_999_999)}`, name: "Camilo" };
    const fromCo = await newConversation("hola", colombian);
    await waitFor(() => view(fromCo), (v) => v.priority === "urgent");
    const adCustomer = { waId: customerNumber(), name: "Desde anuncio" };
    await postWebhook(envelope({ contacts: [adCustomer], messages: [inboundMessage(adCustomer, { type: "text", text: { body: "Info" }, referral: { source_id: "1202", source_type: "ad", headline: "Promo" } })] }));
    const fromAd = await conversationOf(adCustomer.waId);
    opened.push(fromAd);
    await waitFor(() => view(fromAd), (v) => v.tagIds.includes(tag.body.id));
  });

  it("refuses invalid rules with a reason", async () => {
    const bad = await apiJson("admin", "POST", "/api/admin/rules", { name: "x", conditions: { textMatches: "([" }, actions: { priority: "high" } });
    expect(bad.status).toBe(400);
    const noAction = await apiJson("admin", "POST", "/api/admin/rules", { name: "x", conditions: {}, actions: {} });
    expect(noAction.status).toBe(400);
    const unknownTeam = await apiJson("admin", "POST", "/api/admin/rules", { name: "x", conditions: {}, actions: { teamId: "team_nope" } });
    expect(unknownTeam.status).toBe(422);
  });
});

describe("timers", () => {
  it("returns a conversation to the queue when the assignee does not answer in time, and tells supervisors", async () => {
    await settings({ returnAfterSeconds: 1 });
    try {
      const sofia = await goOnline("sofia");
      const id = await newConversation("¿hola?");
      await api("bruno", "POST", `/api/conversations/${id}/claim`);
      expect(await assigneeOf(id, (a) => a === null, 6000)).toBeNull();
      await sofia.next((f) => f.type === "returned" && f.conversationId === id && f.reason === "no_answer", 3000);
      const { body } = await apiJson("admin", "GET", `/api/conversations/${id}/messages`);
      expect(body.messages.some((m: { content: { action?: string; reason?: string } }) => m.content?.action === "returned" && m.content.reason === "no_answer")).toBe(true);
    } finally {
      await settings({ returnAfterSeconds: null });
    }
  });

  it("keeps a conversation with an agent who answered", async () => {
    await settings({ returnAfterSeconds: 1 });
    try {
      const id = await newConversation("¿hola?");
      await api("bruno", "POST", `/api/conversations/${id}/claim`);
      await api("bruno", "POST", `/api/conversations/${id}/messages`, { text: "¡Hola! Dime." });
      await new Promise((r) => setTimeout(r, 1800));
      expect((await view(id)).assigneeId).toBe("ag_bruno");
    } finally {
      await settings({ returnAfterSeconds: null });
    }
  });

  it("reroutes an offline agent's conversations after the grace period, but not across a page reload", async () => {
    await policy("round_robin");
    const ana = await goOnline("ana");
    const id = await newConversation("atiéndeme");
    expect(await assigneeOf(id)).toBe("ag_ana");
    // Reload: the socket closes and a new one opens within the grace period.
    ana.close();
    sockets.splice(sockets.indexOf(ana), 1);
    await goOnline("ana");
    await new Promise((r) => setTimeout(r, 1500));
    expect((await view(id)).assigneeId).toBe("ag_ana");
    // Gone for good: after the grace the conversation goes back to the queue (and to whoever is online).
    for (const s of sockets.splice(0)) s.close();
    await goOnline("carla");
    expect(await assigneeOf(id, (a) => a === "ag_carla", 6000)).toBe("ag_carla");
  });

  it("flags customers waiting longer than the threshold to supervisors, live", async () => {
    await settings({ unattendedAfterSeconds: 1 });
    try {
      const sofia = await goOnline("sofia");
      const id = await newConversation("¿alguien?");
      const alert = await sofia.next((f) => f.type === "alerts" && f.unattended.some((u: { conversationId: string }) => u.conversationId === id), 4000);
      expect(alert.unattended.find((u: { conversationId: string }) => u.conversationId === id).contactName).toBe("Cliente");
      // It changes hands while the customer still waits: supervisors see who has it now.
      expect((await api("sofia", "POST", `/api/conversations/${id}/assign`, { agentId: "ag_bruno" })).status).toBe(200);
      await sofia.next((f) => f.type === "alerts" && f.unattended.some((u: { conversationId: string; assigneeId: string | null }) => u.conversationId === id && u.assigneeId === "ag_bruno"), 4000);
      await api("sofia", "POST", `/api/conversations/${id}/messages`, { text: "Aquí estamos" });
      await sofia.next((f) => f.type === "alerts" && !f.unattended.some((u: { conversationId: string }) => u.conversationId === id), 4000);
    } finally {
      await settings({ unattendedAfterSeconds: 600 });
    }
  });
});

describe("unattended, late", () => {
  it("flags at once a customer whose message arrives already older than the threshold (a late delivery)", async () => {
    await settings({ unattendedAfterSeconds: 60 });
    try {
      const sofia = await goOnline("sofia");
      const customer = { waId: customerNumber(), name: "Tardío" };
      // Meta retried this one for five minutes: it was already waiting past the threshold when it reached us.
      await customerSays(customer, "¿hay alguien?", { timestamp: Math.floor(Date.now() / 1000) - 300 });
      const id = await conversationOf(customer.waId);
      opened.push(id);
      // Well before any other timer of the workspace would fire.
      const alert = await sofia.next((f) => f.type === "alerts" && f.unattended.some((u: { conversationId: string }) => u.conversationId === id), 1500);
      expect(alert.unattended.find((u: { conversationId: string }) => u.conversationId === id).contactName).toBe("Tardío");
    } finally {
      await settings({ unattendedAfterSeconds: 600 });
    }
  });
});

describe("deactivation", () => {
  it("ends the person's sessions and reroutes their conversations", async () => {
    const invite = await apiJson("admin", "POST", "/api/admin/invites", { email: "temp@demo.test", name: "Temporal", role: "agent" });
    expect(invite.status).toBe(201);
    const accepted = await apiJson(null, "POST", `/api/auth/invites/${invite.body.token}/accept`, { password: "secreto123" });
    expect(accepted.status).toBe(201);
    const tempId = accepted.body.agent.id;
    const id = await newConversation("hola");
    const { body } = await apiJson("admin", "POST", `/api/conversations/${id}/assign`, { agentId: tempId });
    expect(body.assigneeId).toBe(tempId);
    expect((await api("admin", "POST", `/api/admin/agents/${tempId}/deactivate`)).status).toBe(200);
    expect(await assigneeOf(id, (a) => a === null)).toBeNull();
    const login = await apiJson(null, "POST", "/api/auth/login", { email: "temp@demo.test", password: "secreto123" });
    expect(login.status).toBe(401);
    // The invitation cannot be used twice.
    expect((await api(null, "POST", `/api/auth/invites/${invite.body.token}/accept`, { password: "otro12345" })).status).toBe(404);
  });

  it("returns a conversation whose assignment reaches the workspace only after its assignee was deactivated", async () => {
    const invite = await apiJson("admin", "POST", "/api/admin/invites", { email: "tarde@demo.test", name: "Tardía", role: "agent" });
    const accepted = await apiJson(null, "POST", `/api/auth/invites/${invite.body.token}/accept`, { password: "secreto123" });
    const lateId = accepted.body.agent.id;
    const customer = { waId: customerNumber(), name: "Cliente" };
    const id = await newConversation("hola", customer);
    expect((await apiJson("admin", "POST", `/api/conversations/${id}/assign`, { agentId: lateId })).body.assigneeId).toBe(lateId);
    // The deactivation's reroute ran before the workspace heard of that assignment (it was still on its way):
    // only the person's record and the workspace's roster changed.
    await env.DB.prepare("UPDATE agents SET active = 0 WHERE id = ?").bind(lateId).run();
    await env.Workspace.getByName("ws_demo").reloadConfig();
    // The next notification that names the deactivated person as owner puts the conversation back in the queue.
    await customerSays(customer, "¿sigue ahí alguien?");
    expect(await assigneeOf(id, (a) => a === null)).toBeNull();
  });
});
