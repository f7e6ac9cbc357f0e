// The conversation's rules on plain objects, without a runtime: decide(known, command, now) for ingest order,
// dedupe, the 24-hour window, ownership, reopening and status monotonicity. A tiny in-memory store applies each
// decision the way ConversationStore.apply does, so commands can be chained like in the object.
import { describe, expect, it } from "vitest";
import type { Command } from "../../durable/conversation-decide";
import type { Decision } from "../../durable/conversation-draft";
import type { AssistantDecision } from "../../durable/assistant/default-reply";
import type { BotPolicy } from "../../shared/bot-policy";
import { BOT_AGENT_ID } from "../../shared/model";
import type { InboundMessage } from "../../shared/whatsapp-webhook";
import { ana, bruno, HOUR, inbound, ingest, Memory, person, ref, status, T0 } from "./support/conversation-memory";

describe("decide: inbound messages", () => {
  it("creates the conversation on its first message and asks the workspace to route it", () => {
    const c = new Memory();
    const { result, decision } = c.run(ingest([inbound("wamid.1", "Hola, ¿tenéis cita mañana?", T0)]), T0 + 50);
    expect(result).toEqual({ stored: 1, duplicates: 0, statusesApplied: 0, statusesDeferred: 0 });
    expect(decision.created?.id).toBe("cv_test");
    expect(decision.notices).toEqual([expect.objectContaining({ kind: "route", reason: "new", text: "Hola, ¿tenéis cita mañana?" })]);
    expect(c.state).toMatchObject({ status: "open", unreadCount: 1, waitingSince: T0, lastInboundAt: T0, lastMessagePreview: "Hola, ¿tenéis cita mañana?" });
    expect(decision.events.map((e) => e.kind).sort()).toEqual(["conversation_created", "message_in"]);
    expect(decision.notify).toBe(true);
  });

  it("stores a batch in the customer's order (provider time), whatever order Meta delivered it in", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.3", "tercero", T0 + 3000), inbound("wamid.1", "primero", T0 + 1000), inbound("wamid.2", "segundo", T0 + 2000)]), T0 + 5000);
    expect(c.texts()).toEqual(["primero", "segundo", "tercero"]);
    expect(c.state!.lastMessagePreview).toBe("tercero");
    // The customer has been waiting since their first message, not their last.
    expect(c.state!.waitingSince).toBe(T0 + 1000);
  });

  it("a message delivered twice (retry, replay or inside another batch) is stored once and changes nothing the second time", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.1", "¿Hay stock de la talla M?", T0)]), T0 + 10);
    const again = c.run(ingest([inbound("wamid.1", "¿Hay stock de la talla M?", T0), inbound("wamid.2", "🙏", T0 + 1)]), T0 + 20);
    expect(again.result).toMatchObject({ stored: 1, duplicates: 1 });
    expect(c.texts()).toEqual(["¿Hay stock de la talla M?", "🙏"]);
    expect(c.state!.unreadCount).toBe(2);
    const replay = c.run(ingest([inbound("wamid.2", "🙏", T0 + 1)]), T0 + 30);
    expect(replay.result).toMatchObject({ stored: 0, duplicates: 1 });
    expect(replay.decision.inserts).toEqual([]);
    expect(replay.decision.notify).toBe(false);
  });

  it("a customer message reopens a resolved conversation as a new cycle and asks for routing again", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.1", "Hola", T0)]), T0);
    c.run({ type: "claim", actor: ana }, T0 + 1000);
    c.run({ type: "reply", actor: ana, input: { text: "¡Hola Lucía! ¿En qué te ayudo?", clientId: "r1" } }, T0 + 2000);
    c.run({ type: "setStatus", actor: ana, status: "resolved" }, T0 + 3000);
    expect(c.state!.status).toBe("resolved");
    const { decision } = c.run(ingest([inbound("wamid.2", "Otra pregunta", T0 + HOUR)]), T0 + HOUR + 10);
    expect(c.state).toMatchObject({ status: "open", cycleStartedAt: T0 + HOUR + 10, clock: expect.objectContaining({ replied: false, waitStart: T0 + HOUR }), waitingSince: T0 + HOUR });
    expect(decision.notices).toEqual([expect.objectContaining({ kind: "route", reason: "reopened", text: "Otra pregunta" })]);
    expect(decision.events.map((e) => e.kind)).toContain("reopened");
  });

  it("reactions do not reopen a resolved conversation nor make the customer wait", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.1", "Gracias", T0)]), T0);
    c.run({ type: "setStatus", actor: ana, status: "resolved" }, T0 + 10);
    c.run(ingest([{ ...inbound("wamid.2", "👍", T0 + 20), kind: "reaction", providerType: "reaction" }]), T0 + 30);
    expect(c.state!.status).toBe("resolved");
  });
});

describe("decide: replies and the 24-hour window", () => {
  it("a reply inside the window is stored pending with a send job; the same clientId again is the same message", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.1", "Hola", T0)]), T0);
    const first = c.run({ type: "reply", actor: ana, input: { text: "Buenos días 😊", clientId: "abc" } }, T0 + 60_000);
    expect(first.result).toMatchObject({ ok: true, value: { duplicate: false, message: { status: "pending", text: "Buenos días 😊" } } });
    expect(first.decision.jobs.map((j) => j.kind)).toContain("send");
    expect(first.decision.events.find((e) => e.kind === "first_response")?.value).toBe(60_000);
    const again = c.run({ type: "reply", actor: ana, input: { text: "Buenos días 😊", clientId: "abc" } }, T0 + 61_000);
    expect(again.result).toMatchObject({ ok: true, value: { duplicate: true } });
    expect(again.decision.inserts).toEqual([]);
    expect(again.decision.jobs.filter((j) => j.kind === "send")).toEqual([]);
  });

  it("25 hours after the customer's last message only a template may be sent", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.1", "Hola", T0)]), T0);
    const late = c.run({ type: "reply", actor: ana, input: { text: "¿Sigues ahí?", clientId: "x" } }, T0 + 25 * HOUR);
    expect(late.result).toMatchObject({ ok: false, error: { status: 422, code: "window_closed", details: { windowClosedAt: T0 + 24 * HOUR } } });
    expect(late.decision.inserts).toEqual([]);
    const template = c.run(
      { type: "reply", actor: ana, input: { clientId: "t", template: { name: "retomar_conversacion", language: "es", body: "Hola {{1}}, ¿seguimos?", headerParams: [], bodyParams: ["Lucía"] } } },
      T0 + 25 * HOUR,
    );
    expect(template.result).toMatchObject({ ok: true, value: { message: { kind: "template", text: "Hola Lucía, ¿seguimos?" } } });
  });

  it("an internal note is never queued for sending", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.1", "Hola", T0)]), T0);
    const note = c.run({ type: "reply", actor: ana, input: { text: "Cliente VIP, ojo", private: true, clientId: "n" } }, T0 + 10);
    expect(note.result).toMatchObject({ ok: true, value: { message: { direction: "note" } } });
    expect(note.decision.jobs.filter((j) => j.kind === "send")).toEqual([]);
  });
});

describe("decide: ownership", () => {
  it("the first claim wins; the second gets 409 naming the owner; claiming what you own changes nothing", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.1", "Hola", T0)]), T0);
    expect(c.run({ type: "claim", actor: ana }, T0 + 1).result).toEqual({ ok: true, value: { assigneeId: "ag_ana" } });
    expect(c.run({ type: "claim", actor: bruno }, T0 + 2).result).toMatchObject({ ok: false, error: { status: 409, code: "already_claimed", details: { owner: { id: "ag_ana", name: "Ana" } } } });
    const own = c.run({ type: "claim", actor: ana }, T0 + 3);
    expect(own.result).toEqual({ ok: true, value: { assigneeId: "ag_ana" } });
    expect(own.decision.inserts).toEqual([]);
  });

  it("a person takes over from the assistant; the router's assignment after that is refused", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.1", "Hola", T0)]), T0);
    c.run({ type: "giveToBot", actor: null }, T0 + 1);
    expect(c.state).toMatchObject({ assigneeId: "bot", status: "pending" });
    c.run({ type: "claim", actor: bruno }, T0 + 2);
    expect(c.state).toMatchObject({ assigneeId: "ag_bruno", status: "open" });
    expect(c.run({ type: "autoAssign", agent: { id: "ag_ana", name: "Ana" }, how: "round_robin" }, T0 + 3).result).toMatchObject({ ok: false, error: { status: 409 } });
    // The assistant can no longer hand off what a person owns.
    expect(c.run({ type: "handoff", reason: "pide una persona", team: null }, T0 + 4).result).toMatchObject({ ok: false, error: { code: "not_bot_owned" } });
  });

  it("a stale return timer changes nothing once someone else owns the conversation", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.1", "Hola", T0)]), T0);
    c.run({ type: "claim", actor: ana }, T0 + 1);
    c.run({ type: "transfer", actor: ana, to: { agent: { id: "ag_bruno", name: "Bruno" } } }, T0 + 2);
    const stale = c.run({ type: "returnToQueue", expected: "ag_ana", reason: "no_answer" }, T0 + 3);
    expect(stale.result).toEqual({ ok: true, value: { returned: false } });
    expect(c.state!.assigneeId).toBe("ag_bruno");
  });
});

describe("decide: delivery statuses", () => {
  function sentReply(c: Memory): string {
    c.run(ingest([inbound("wamid.in", "Hola", T0)]), T0);
    const sent = c.run({ type: "reply", actor: ana, input: { text: "Te confirmo la cita", clientId: "c1" } }, T0 + 10);
    const id = (sent.result as { ok: true; value: { message: Message } }).value.message.id;
    c.run({ type: "sendAccepted", messageId: id, wamid: "wamid.out" }, T0 + 20);
    return id;
  }

  it("statuses only move forward, whatever order Meta sends them in; failed wins with its reason", () => {
    const c = new Memory();
    const id = sentReply(c);
    c.run(ingest([], [status("wamid.out", "delivered")]), T0 + 30);
    c.run(ingest([], [status("wamid.out", "sent")]), T0 + 40);
    expect(c.messages.get(id)!.status).toBe("delivered");
    c.run(ingest([], [status("wamid.out", "read")]), T0 + 50);
    expect(c.messages.get(id)!.status).toBe("read");
    c.run(ingest([], [status("wamid.out", "failed")]), T0 + 60);
    expect(c.messages.get(id)).toMatchObject({ status: "failed", errorCode: 131026, errorReason: "El número no tiene WhatsApp" });
    const after = c.run(ingest([], [status("wamid.out", "read")]), T0 + 70);
    expect(c.messages.get(id)!.status).toBe("failed");
    expect(after.decision.updates).toEqual([]);
  });

  it("a status that overtakes the send's own answer is kept and applied once the wamid is known", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.in", "Hola", T0)]), T0);
    const sent = c.run({ type: "reply", actor: ana, input: { text: "Listo", clientId: "c2" } }, T0 + 10);
    const id = (sent.result as { ok: true; value: { message: Message } }).value.message.id;
    const early = c.run(ingest([], [status("wamid.fast", "delivered")]), T0 + 15);
    expect(early.result).toMatchObject({ statusesApplied: 0, statusesDeferred: 1 });
    c.run({ type: "sendAccepted", messageId: id, wamid: "wamid.fast" }, T0 + 20);
    expect(c.messages.get(id)).toMatchObject({ wamid: "wamid.fast", status: "delivered" });
    expect(c.early).toEqual([]);
  });

  it("a status carrying our callback data settles a send whose answer was lost, without sending it again", () => {
    const c = new Memory();
    c.run(ingest([inbound("wamid.in", "Hola", T0)]), T0);
    const sent = c.run({ type: "reply", actor: ana, input: { text: "Enviado", clientId: "c3" } }, T0 + 10);
    const id = (sent.result as { ok: true; value: { message: Message } }).value.message.id;
    const settled = c.run(ingest([], [status("wamid.lost", "sent", `cv_test|${id}`)]), T0 + 20);
    expect(c.messages.get(id)).toMatchObject({ wamid: "wamid.lost", status: "sent" });
    expect(settled.decision.jobsDone).toContain(`send:${id}`);
  });

  it("sequence numbers grow by one per change, and the state frame carries the last one", () => {
    const c = new Memory();
    const { decision } = c.run(ingest([inbound("wamid.1", "uno", T0), inbound("wamid.2", "dos", T0 + 1)]), T0 + 2);
    const seqs = decision.frames.map((f) => ("seq" in f ? f.seq : -1));
    expect(seqs).toEqual([1, 2, 3]);
    expect(decision.frames.at(-1)).toMatchObject({ type: "conversation", seq: 3 });
    expect(c.state!.seq).toBe(3);
  });
});

describe("decide: the bot", () => {
  const policy: BotPolicy = { channelId: "ch_demo", handoffMessage: null, greeting: null, dailyReplyLimit: null, timeZone: "Europe/Madrid", quietMs: 3_000 };
  const withBot = (messages: InboundMessage[], bot: BotPolicy | null = policy): Command => ({ type: "ingest", batch: { ref, messages, statuses: [], bot } });
  const answer = (reply: string): AssistantDecision => ({ reply, handoff: false, reason: "answered", sources: [{ articleId: "kb_1", title: "Envíos", score: 3 }] });
  const handing = (reason: string): AssistantDecision => ({ reply: null, handoff: true, reason, sources: [] });
  const routeNotices = (d: Decision) => d.notices.filter((n) => n.kind === "route");

  it("takes a new conversation while its number's policy answers: pending, no routing, a debounced turn", () => {
    const m = new Memory();
    const { decision } = m.run(withBot([inbound("w1", "¿Hacéis envíos?", T0)]), T0);
    expect(m.state).toMatchObject({ assigneeId: BOT_AGENT_ID, status: "pending" });
    expect(routeNotices(decision)).toEqual([]);
    expect(decision.jobs).toEqual([expect.objectContaining({ kind: "bot", key: "bot", dueAt: T0 + 3_000, debounce: true })]);
  });

  it("leaves the conversation to routing when the policy does not answer (business hours, or the bot off)", () => {
    const m = new Memory();
    const { decision } = m.run(withBot([inbound("w1", "Hola", T0)], null), T0);
    expect(m.state!.assigneeId).toBeNull();
    expect(routeNotices(decision)).toHaveLength(1);
    expect(decision.jobs.filter((j) => j.kind === "bot")).toEqual([]);
  });

  it("greets a new conversation with the channel's greeting, once", () => {
    const m = new Memory();
    m.run(withBot([inbound("w1", "Hola", T0)], { ...policy, greeting: "¡Bienvenida a Óptica Sol!" }), T0);
    m.run(withBot([inbound("w2", "¿Abrís el sábado?", T0 + 1_000)], { ...policy, greeting: "¡Bienvenida a Óptica Sol!" }), T0 + 1_000);
    expect(m.texts("out")).toEqual(["¡Bienvenida a Óptica Sol!"]);
  });

  it("a burst moves the turn to the last message's quiet time", () => {
    const m = new Memory();
    m.run(withBot([inbound("w1", "Hola", T0)]), T0);
    const { decision } = m.run(withBot([inbound("w2", "¿cuánto cuesta el envío?", T0 + 1_000)]), T0 + 1_000);
    expect(decision.jobs).toEqual([expect.objectContaining({ kind: "bot", dueAt: T0 + 4_000, debounce: true })]);
  });

  it("a finished turn answers as the bot and stays the bot's", () => {
    const m = new Memory();
    m.run(withBot([inbound("w1", "¿Hacéis envíos a Canarias?", T0)]), T0);
    const afterSeq = Math.max(...[...m.messages.values()].map((x) => x.seq));
    const { result, decision } = m.run({ type: "botTurn", turn: { afterSeq, decision: answer("Sí, enviamos a Canarias en 3–5 días."), policy } }, T0 + 3_000);
    expect(result).toEqual({ ok: true, value: { outcome: "answered" } });
    expect(m.texts("out")).toEqual(["Sí, enviamos a Canarias en 3–5 días."]);
    expect([...m.messages.values()].find((x) => x.direction === "out")).toMatchObject({ authorId: BOT_AGENT_ID, status: "pending" });
    expect(decision.jobs.map((j) => j.kind)).toEqual(["send"]);
    expect(decision.events.map((e) => e.kind)).toContain("bot_reply");
    expect(m.state).toMatchObject({ assigneeId: BOT_AGENT_ID, status: "pending", waitingSince: null });
  });

  it("discards a turn once a person claimed, or the customer said more (a newer turn answers both)", () => {
    const claimed = new Memory();
    claimed.run(withBot([inbound("w1", "¿Hacéis envíos?", T0)]), T0);
    const seq = Math.max(...[...claimed.messages.values()].map((x) => x.seq));
    claimed.run({ type: "claim", actor: ana }, T0 + 1_000);
    const late = claimed.run({ type: "botTurn", turn: { afterSeq: seq, decision: answer("Sí."), policy } }, T0 + 3_000);
    expect(late.result).toEqual({ ok: true, value: { outcome: "discarded" } });
    expect(claimed.texts("out")).toEqual([]);
    expect(late.decision.jobs).toEqual([]);

    const more = new Memory();
    more.run(withBot([inbound("w1", "¿Hacéis envíos?", T0)]), T0);
    const before = Math.max(...[...more.messages.values()].map((x) => x.seq));
    more.run(withBot([inbound("w2", "a Canarias", T0 + 2_000)]), T0 + 2_000);
    const stale = more.run({ type: "botTurn", turn: { afterSeq: before, decision: answer("Sí."), policy } }, T0 + 3_000);
    expect(stale.result).toEqual({ ok: true, value: { outcome: "discarded" } });
    expect(more.texts("out")).toEqual([]);
  });

  it("never answers a resolved conversation", () => {
    const m = new Memory();
    m.run(withBot([inbound("w1", "gracias", T0)]), T0);
    const seq = Math.max(...[...m.messages.values()].map((x) => x.seq));
    m.run({ type: "setStatus", actor: person("ag_sup", "Sara", "supervisor"), status: "resolved" }, T0 + 1_000);
    expect(m.run({ type: "botTurn", turn: { afterSeq: seq, decision: answer("¡De nada!"), policy } }, T0 + 3_000).result).toEqual({ ok: true, value: { outcome: "discarded" } });
  });

  it("hands off as a state change: people route it, the customer hears the handoff message, the team gets a note", () => {
    const m = new Memory();
    m.run(withBot([inbound("w1", "quiero hablar con una persona", T0)]), T0);
    const seq = Math.max(...[...m.messages.values()].map((x) => x.seq));
    const { result, decision } = m.run({ type: "botTurn", turn: { afterSeq: seq, decision: handing("asks_for_person"), policy: { ...policy, handoffMessage: "Un momento, te atiende Marta." } } }, T0 + 3_000);
    expect(result).toEqual({ ok: true, value: { outcome: "handed_off" } });
    expect(m.state).toMatchObject({ assigneeId: null, status: "open" });
    expect(routeNotices(decision)).toHaveLength(1);
    expect(m.texts("out")).toEqual(["Un momento, te atiende Marta."]);
    expect(m.texts("note")).toEqual([expect.stringContaining("pide hablar con una persona")]);
    // After its handoff the bot stays out: the next message goes to people, no turn.
    const next = m.run(withBot([inbound("w2", "¿hola?", T0 + 60_000)]), T0 + 60_000);
    expect(next.decision.jobs.filter((j) => j.kind === "bot")).toEqual([]);
    expect(m.state!.assigneeId).toBeNull();
  });

  it("a person answering the bot's conversation takes it over, so the bot does not answer the next message", () => {
    const m = new Memory();
    m.run(withBot([inbound("w1", "¿Hacéis envíos?", T0)]), T0);
    const replied = m.run({ type: "reply", actor: ana, input: { text: "Hola, soy Ana: sí, enviamos." } }, T0 + 1_000);
    expect(replied.result.ok).toBe(true);
    expect(m.state).toMatchObject({ assigneeId: "ag_ana", status: "open" });
    const next = m.run(withBot([inbound("w2", "¿y a Canarias?", T0 + 2_000)]), T0 + 2_000);
    expect(next.decision.jobs.filter((j) => j.kind === "bot")).toEqual([]);
    // A note is not an answer: it leaves the conversation to the bot.
    const noted = new Memory();
    noted.run(withBot([inbound("w1", "¿Hacéis envíos?", T0)]), T0);
    noted.run({ type: "reply", actor: ana, input: { text: "ojo, cliente VIP", private: true } }, T0 + 1_000);
    expect(noted.state!.assigneeId).toBe(BOT_AGENT_ID);
  });

  it("gives the bot's conversations to people once its policy stops answering (business hours began)", () => {
    const m = new Memory();
    m.run(withBot([inbound("w1", "Hola", T0)]), T0);
    const { decision } = m.run(withBot([inbound("w2", "¿seguís ahí?", T0 + HOUR)], null), T0 + HOUR);
    expect(m.state).toMatchObject({ assigneeId: null, status: "open" });
    expect(routeNotices(decision)).toHaveLength(1);
    // Mid-conversation a person simply answers: no handoff message to the customer.
    expect(m.texts("out")).toEqual([]);
    expect(m.texts("note")).toEqual([expect.stringContaining("horario")]);
  });
});
