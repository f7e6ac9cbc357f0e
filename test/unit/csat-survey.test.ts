// The satisfaction survey on plain objects: Spanish answers read as scores, one survey per cycle inside the
// 24-hour window, and neither the rating nor the comment after it reopening the conversation.
import { describe, expect, it } from "vitest";
import type { Command } from "../../durable/conversation-decide";
import { DEFAULT_SURVEY, surveyScore } from "../../shared/csat";
import type { InboundMessage } from "../../shared/whatsapp-webhook";
import { ana, HOUR, inbound, Memory, ref, T0 } from "./support/conversation-memory";

const MIN = 60_000;
const text = (t: string) => ({ kind: "text", text: t });
const button = (id: string) => ({ kind: "interactive", text: null, content: { type: "button_reply", button_reply: { id, title: "x" } } });

describe("survey answers", () => {
  it("reads buttons, digits and words in Spanish (and a little English); anything else is not an answer", () => {
    expect(surveyScore(button("csat_5"))).toBe(5);
    expect(surveyScore(button("csat_1"))).toBe(1);
    expect(surveyScore(button("menu_2"))).toBeNull();
    expect(["5", "5/5", "4 de 5", " 3 ", "2 estrellas"].map((t) => surveyScore(text(t)))).toEqual([5, 5, 4, 3, 2]);
    expect(["Bien", "¡Muy bien!", "excelente", "Buenísimo", "genial 👍"].map((t) => surveyScore(text(t)))).toEqual([5, 5, 5, null, null]);
    expect(["Regular", "más o menos", "normal"].map((t) => surveyScore(text(t)))).toEqual([3, 3, 3]);
    expect(["mal", "Malo", "muy mala", "pésimo", "fatal"].map((t) => surveyScore(text(t)))).toEqual([1, 1, 1, 1, 1]);
    expect(["no está bien", "6", "bien, pero ¿y mi pedido?", "hola", "ok"].map((t) => surveyScore(text(t)))).toEqual([null, null, null, null, null]);
    expect(surveyScore({ kind: "image", text: "5" })).toBeNull();
  });
});

describe("survey in a conversation", () => {
  const withSurvey = (messages: InboundMessage[]): Command => ({ type: "ingest", batch: { ref, messages, statuses: [], survey: DEFAULT_SURVEY } });
  const buttonReply = (wamid: string, id: string, at: number): InboundMessage => ({ ...inbound(wamid, "😀 Bien", at), kind: "interactive", providerType: "interactive", content: { type: "button_reply", button_reply: { id, title: "😀 Bien" } } });
  const events = (m: Memory, kind: string) => m.decisions.flatMap((d) => d.events).filter((e) => e.kind === kind);

  function resolvedWithSurvey() {
    const m = new Memory();
    m.run(withSurvey([inbound("w1", "Hola", T0)]), T0);
    m.run({ type: "claim", actor: ana }, T0 + MIN);
    m.run({ type: "reply", actor: ana, input: { text: "Listo, ya está enviado.", clientId: "a1" } }, T0 + 2 * MIN);
    const resolve = m.run({ type: "setStatus", actor: ana, status: "resolved" }, T0 + 3 * MIN);
    return { m, resolve };
  }

  it("on resolve sends three buttons once, credited to the owner, and reads the button without reopening", () => {
    const { m, resolve } = resolvedWithSurvey();
    const survey = resolve.decision.inserts.find((x) => x.kind === "interactive")!;
    expect(survey).toMatchObject({ direction: "out", authorId: "survey", status: "pending" });
    expect((survey.content as { action: { buttons: Array<{ reply: { id: string } }> } }).action.buttons.map((b) => b.reply.id)).toEqual(["csat_5", "csat_3", "csat_1"]);
    expect(resolve.decision.jobs).toEqual([expect.objectContaining({ kind: "send", key: `send:${survey.id}` })]);
    expect(events(m, "csat_asked")).toEqual([expect.objectContaining({ agentId: "ag_ana" })]);

    const answer = m.run(withSurvey([buttonReply("w2", "csat_5", T0 + 5 * MIN)]), T0 + 5 * MIN);
    expect(m.state).toMatchObject({ status: "resolved" });
    expect(answer.decision.notices.filter((n) => n.kind === "route")).toEqual([]);
    expect(events(m, "csat_answered")).toEqual([expect.objectContaining({ agentId: "ag_ana", value: 5 })]);
    expect(events(m, "reopened")).toEqual([]);
    // The thank-you goes out; the comment that follows is recorded, still without reopening.
    expect(answer.decision.inserts.map((x) => x.text)).toContain(DEFAULT_SURVEY.thanks);
    m.run(withSurvey([inbound("w3", "Muy rápidos, gracias", T0 + 6 * MIN)]), T0 + 6 * MIN);
    expect(m.state!.status).toBe("resolved");
    expect(events(m, "csat_comment")).toEqual([expect.objectContaining({ value: 5, data: expect.objectContaining({ comment: "Muy rápidos, gracias" }) })]);
    // A second message after the comment is a new question: it reopens as usual.
    m.run(withSurvey([inbound("w4", "Otra cosa: ¿abrís el sábado?", T0 + 7 * MIN)]), T0 + 7 * MIN);
    expect(m.state!.status).toBe("open");
    expect(events(m, "reopened")).toHaveLength(1);
    // Resolving the same cycle's reopen is a new cycle: one more survey.
    m.run({ type: "setStatus", actor: ana, status: "resolved" }, T0 + 8 * MIN);
    expect(events(m, "csat_asked")).toHaveLength(2);
  });

  it("a typed answer counts; a message that is not an answer reopens and closes the survey", () => {
    const typed = resolvedWithSurvey().m;
    typed.run(withSurvey([inbound("w2", "Regular", T0 + 4 * MIN)]), T0 + 4 * MIN);
    expect(events(typed, "csat_answered")).toEqual([expect.objectContaining({ value: 3 })]);
    expect(typed.state!.status).toBe("resolved");

    const other = resolvedWithSurvey().m;
    other.run(withSurvey([inbound("w2", "¿Y la factura?", T0 + 4 * MIN)]), T0 + 4 * MIN);
    expect(other.state!.status).toBe("open");
    expect(events(other, "csat_answered")).toEqual([]);
  });

  it("is not sent outside the 24-hour window, nor when the number has it off, nor twice in a cycle", () => {
    const late = new Memory();
    late.run(withSurvey([inbound("w1", "Hola", T0)]), T0);
    expect(late.run({ type: "setStatus", actor: ana, status: "resolved" }, T0 + 25 * HOUR).decision.inserts.filter((x) => x.kind === "interactive")).toEqual([]);

    const off = new Memory();
    off.run({ type: "ingest", batch: { ref, messages: [inbound("w1", "Hola", T0)], statuses: [], survey: null } }, T0);
    expect(off.run({ type: "setStatus", actor: ana, status: "resolved" }, T0 + MIN).decision.inserts.filter((x) => x.kind === "interactive")).toEqual([]);

    const twice = resolvedWithSurvey().m;
    // Snoozed and resolved again: the same cycle, already asked.
    twice.run({ type: "setStatus", actor: ana, status: "snoozed", snoozedUntil: T0 + HOUR }, T0 + 4 * MIN);
    twice.run({ type: "setStatus", actor: ana, status: "resolved" }, T0 + 5 * MIN);
    expect(events(twice, "csat_asked")).toHaveLength(1);
  });
});
