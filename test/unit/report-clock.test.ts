// The reports' stopwatch on plain objects: a scripted day of one conversation (claim, reply, transfer, snooze,
// resolve, reopen, a duplicated delivery) and a bot conversation handed to people, each measured event checked
// against values worked out by hand. Durations are credited to the person who acted, not the current assignee.
import { describe, expect, it } from "vitest";
import type { Command } from "../../durable/conversation-decide";
import type { EventRow } from "../../durable/conversation-draft";
import type { BotPolicy } from "../../shared/bot-policy";
import { BOT_AGENT_ID } from "../../shared/model";
import type { InboundMessage } from "../../shared/whatsapp-webhook";
import { ana, bruno, HOUR, inbound, ingest, Memory, ref, T0 } from "./support/conversation-memory";

const MIN = 60_000;
const SEC = 1_000;

/** Every event the conversation's decisions produced, in order. */
const eventsOf = (m: Memory): EventRow[] => m.decisions.flatMap((d) => d.events);
const measured = (m: Memory, kind: string) => eventsOf(m).filter((e) => e.kind === kind).map((e) => ({ agentId: e.agentId, value: e.value, startedAt: e.startedAt }));

describe("report clock: a scripted day", () => {
  it("measures first response, next reply and open-time resolution per cycle", () => {
    const m = new Memory();
    // 09:00 — WhatsApp stamped the customer's message 5 s before it reached us.
    m.run(ingest([inbound("w1", "Hola, ¿tenéis la talla M?", T0 - 5 * SEC)]), T0);
    m.run({ type: "claim", actor: ana }, T0 + 2 * MIN);
    m.run({ type: "reply", actor: ana, input: { text: "¡Sí! ¿En qué color?", clientId: "a1" } }, T0 + 5 * MIN);
    // The customer answers; Meta delivers it twice (the retry must not start a second wait nor count twice).
    m.run(ingest([inbound("w2", "Azul", T0 + 10 * MIN)]), T0 + 10 * MIN + SEC);
    m.run({ type: "transfer", actor: ana, to: { agent: { id: bruno.agentId, name: bruno.name } } }, T0 + 11 * MIN);
    m.run(ingest([inbound("w2", "Azul", T0 + 10 * MIN)]), T0 + 12 * MIN);
    m.run({ type: "reply", actor: bruno, input: { text: "Te la reservo.", clientId: "b1" } }, T0 + 14 * MIN);
    m.run({ type: "setStatus", actor: bruno, status: "snoozed", snoozedUntil: T0 + 80 * MIN }, T0 + 20 * MIN);
    m.run({ type: "wake" }, T0 + 80 * MIN);
    m.run({ type: "setStatus", actor: bruno, status: "resolved" }, T0 + 90 * MIN);
    // 12:00 — the customer writes again: a new cycle with its own first response and resolution.
    m.run(ingest([inbound("w3", "¿Cuándo llega?", T0 + 3 * HOUR)]), T0 + 3 * HOUR + SEC);
    m.run({ type: "reply", actor: ana, input: { text: "Mañana.", clientId: "a2" } }, T0 + 3 * HOUR + 6 * MIN);
    m.run({ type: "setStatus", actor: ana, status: "resolved" }, T0 + 3 * HOUR + 10 * MIN);

    expect(measured(m, "first_response")).toEqual([
      { agentId: "ag_ana", value: 5 * MIN + 5 * SEC, startedAt: T0 - 5 * SEC },
      { agentId: "ag_ana", value: 6 * MIN, startedAt: T0 + 3 * HOUR },
    ]);
    // From the first assignment (Ana's claim at 09:02) to her reply at 09:05; the second cycle was never assigned anew.
    expect(measured(m, "first_response_from_assignment")).toEqual([{ agentId: "ag_ana", value: 3 * MIN, startedAt: T0 + 2 * MIN }]);
    // Bruno answered the wait that began at the customer's 09:10 message (WhatsApp's time): credited to him.
    expect(measured(m, "next_reply")).toEqual([{ agentId: "ag_bruno", value: 4 * MIN, startedAt: T0 + 10 * MIN }]);
    // Open 09:00–09:20, snoozed until 10:20, open again until 10:30: 30 minutes, not 90. Then 9 min 59 s.
    expect(measured(m, "resolved")).toEqual([
      { agentId: "ag_bruno", value: 30 * MIN, startedAt: T0 },
      { agentId: "ag_ana", value: 10 * MIN - SEC, startedAt: T0 + 3 * HOUR + SEC },
    ]);
    const kinds = eventsOf(m).map((e) => e.kind);
    expect(kinds.filter((k) => k === "message_in")).toHaveLength(3);
    expect(kinds.filter((k) => k === "message_out")).toHaveLength(3);
    expect(kinds.filter((k) => k === "reopened")).toHaveLength(1);
    expect(kinds.filter((k) => k === "conversation_created")).toHaveLength(1);
    // Every event carries the conversation's channel; ids are unique, so a replay never counts twice.
    expect(new Set(eventsOf(m).map((e) => e.id)).size).toBe(eventsOf(m).length);
    expect(eventsOf(m).every((e) => e.channelId === ref.channelId)).toBe(true);
    expect(eventsOf(m).find((e) => e.kind === "message_in")?.waAt).toBe(T0 - 5 * SEC);
  });

  it("a customer writing to a snoozed conversation wakes it inside the same cycle (no reopen, snoozed time left out)", () => {
    const m = new Memory();
    m.run(ingest([inbound("w1", "Hola", T0)]), T0);
    m.run({ type: "claim", actor: ana }, T0 + MIN);
    m.run({ type: "reply", actor: ana, input: { text: "Hola", clientId: "a1" } }, T0 + 2 * MIN);
    m.run({ type: "setStatus", actor: ana, status: "snoozed", snoozedUntil: T0 + 5 * HOUR }, T0 + 4 * MIN);
    m.run(ingest([inbound("w2", "¿Sigues ahí?", T0 + HOUR)]), T0 + HOUR);
    m.run({ type: "reply", actor: ana, input: { text: "Sí", clientId: "a2" } }, T0 + HOUR + 3 * MIN);
    m.run({ type: "setStatus", actor: ana, status: "resolved" }, T0 + HOUR + 6 * MIN);
    expect(eventsOf(m).filter((e) => e.kind === "reopened")).toEqual([]);
    expect(measured(m, "next_reply")).toEqual([{ agentId: "ag_ana", value: 3 * MIN, startedAt: T0 + HOUR }]);
    expect(measured(m, "resolved")).toEqual([{ agentId: "ag_ana", value: 10 * MIN, startedAt: T0 }]);
  });

  it("a bot cycle: the bot's answers are not first responses, the wait for a person starts at the handoff, bot time is not open time", () => {
    const policy: BotPolicy = { channelId: "ch_demo", handoffMessage: null, greeting: null, dailyReplyLimit: null, timeZone: "Europe/Madrid", quietMs: 3_000 };
    const withBot = (messages: InboundMessage[]): Command => ({ type: "ingest", batch: { ref, messages, statuses: [], bot: policy } });
    const lastSeq = (m: Memory) => Math.max(...[...m.messages.values()].map((x) => x.seq));
    const m = new Memory();
    m.run(withBot([inbound("w1", "¿Hacéis envíos?", T0)]), T0);
    m.run({ type: "botTurn", turn: { afterSeq: lastSeq(m), decision: { reply: "Sí, a toda España.", handoff: false, reason: "answered", sources: [] }, policy } }, T0 + 3 * SEC);
    m.run(withBot([inbound("w2", "Quiero hablar con alguien", T0 + MIN)]), T0 + MIN);
    m.run({ type: "botTurn", turn: { afterSeq: lastSeq(m), decision: { reply: null, handoff: true, reason: "asks_for_person", sources: [] }, policy } }, T0 + MIN + 3 * SEC);
    m.run({ type: "claim", actor: ana }, T0 + 2 * MIN);
    m.run({ type: "reply", actor: ana, input: { text: "Hola, soy Ana.", clientId: "a1" } }, T0 + 5 * MIN);
    m.run({ type: "setStatus", actor: ana, status: "resolved" }, T0 + 10 * MIN);

    const kinds = eventsOf(m).map((e) => e.kind);
    expect(kinds.filter((k) => k === "bot_assigned")).toHaveLength(1);
    expect(kinds.filter((k) => k === "bot_reply")).toHaveLength(1);
    // The bot's answer and its handoff message are the bot's messages; Ana's is the only one by people.
    expect(eventsOf(m).filter((e) => e.kind === "bot_message_out").map((e) => e.agentId)).toEqual([BOT_AGENT_ID, BOT_AGENT_ID]);
    expect(kinds.filter((k) => k === "message_out")).toHaveLength(1);
    expect(kinds.filter((k) => k === "handoff")).toHaveLength(1);
    expect(measured(m, "first_response")).toEqual([{ agentId: "ag_ana", value: 5 * MIN - (MIN + 3 * SEC), startedAt: T0 + MIN + 3 * SEC }]);
    expect(measured(m, "first_response_from_assignment")).toEqual([{ agentId: "ag_ana", value: 3 * MIN, startedAt: T0 + 2 * MIN }]);
    // Open time runs from the handoff (09:01:03) to the resolve (09:10).
    expect(measured(m, "resolved")).toEqual([{ agentId: "ag_ana", value: 10 * MIN - (MIN + 3 * SEC), startedAt: T0 }]);
  });
});
