// SLA policies and clocks on plain objects: business-hours deadlines, which policy applies, and a conversation
// warned at 75% of its first-response target, breached after it, and then measured against resolution.
import { describe, expect, it } from "vitest";
import type { Command } from "../../durable/conversation-decide";
import { addBusinessMs, type BusinessHours } from "../../shared/business-hours";
import { policyFor, type SlaConfig, type SlaPolicy } from "../../shared/sla";
import { instantAt } from "../../shared/zoned-time";
import type { InboundMessage } from "../../shared/whatsapp-webhook";
import { ana, inbound, Memory, ref, T0 } from "./support/conversation-memory";

const MIN = 60_000;
const nine2six = [{ from: "09:00", to: "18:00" }];
const HOURS: BusinessHours = { weekly: { mon: nine2six, tue: nine2six, wed: nine2six, thu: nine2six, fri: nine2six, sat: [], sun: [] }, holidays: [{ date: "2026-12-08" }] };
const madrid = (d: number, h: number, m = 0) => instantAt("Europe/Madrid", 2026, 12, d, h, m);
const policy = (over: Partial<SlaPolicy>): SlaPolicy => ({ id: "sla_std", name: "Estándar", priority: null, tagId: null, firstResponseMs: 10 * MIN, nextResponseMs: 20 * MIN, resolutionMs: 60 * MIN, businessHours: false, ...over });

describe("SLA rules", () => {
  it("business time skips nights, weekends and holidays", () => {
    // Friday 4 Dec 17:00 + 2 h → Monday 7 Dec 10:00.
    expect(addBusinessMs(HOURS, "Europe/Madrid", madrid(4, 17), 2 * 60 * MIN)).toBe(madrid(7, 10));
    // Monday 7 Dec 17:30 + 1 h → Tuesday 8 Dec is a holiday → Wednesday 9 Dec 09:30.
    expect(addBusinessMs(HOURS, "Europe/Madrid", madrid(7, 17, 30), 60 * MIN)).toBe(madrid(9, 9, 30));
    expect(addBusinessMs({ weekly: {}, holidays: [] }, "Europe/Madrid", madrid(7, 9), MIN)).toBeNull();
  });

  it("the first policy in order whose priority and tag fit applies", () => {
    const policies = [policy({ id: "vip", tagId: "tag_vip" }), policy({ id: "urgent", priority: "urgent" }), policy({ id: "any" })];
    expect(policyFor(policies, { priority: "urgent", tagIds: ["tag_vip"] })!.id).toBe("vip");
    expect(policyFor(policies, { priority: "urgent", tagIds: [] })!.id).toBe("urgent");
    expect(policyFor(policies, { priority: "low", tagIds: [] })!.id).toBe("any");
    expect(policyFor(policies.slice(0, 2), { priority: "low", tagIds: [] })).toBeNull();
  });
});

describe("SLA in a conversation", () => {
  const withSla = (messages: InboundMessage[], sla: SlaConfig): Command => ({ type: "ingest", batch: { ref, messages, statuses: [], sla } });
  const calendar: SlaConfig = { policies: [policy({})], hours: null, timeZone: "Europe/Madrid" };
  const events = (m: Memory, kind: string) => m.decisions.flatMap((d) => d.events).filter((e) => e.kind === kind);

  it("shows the first-response clock, warns at 75%, records the breach once, then runs the resolution clock", () => {
    const m = new Memory();
    const first = m.run(withSla([inbound("w1", "Hola", T0)], calendar), T0);
    expect(m.state!.sla).toEqual({ kind: "first_response", policyId: "sla_std", startedAt: T0, warnAt: T0 + 7.5 * MIN, dueAt: T0 + 10 * MIN });
    expect(first.decision.jobs).toContainEqual(expect.objectContaining({ kind: "sla", dueAt: T0 + 7.5 * MIN, debounce: true }));
    m.run({ type: "claim", actor: ana }, T0 + MIN);

    const warned = m.run({ type: "slaCheck" }, T0 + 8 * MIN);
    expect(events(m, "sla_warning")).toEqual([expect.objectContaining({ agentId: "ag_ana", data: expect.objectContaining({ kind: "first_response" }) })]);
    expect(warned.decision.notices).toEqual([expect.objectContaining({ kind: "sla", stage: "warning", slaKind: "first_response", agentId: "ag_ana" })]);
    expect(warned.decision.jobs).toContainEqual(expect.objectContaining({ kind: "sla", dueAt: T0 + 10 * MIN }));

    m.run({ type: "slaCheck" }, T0 + 11 * MIN);
    m.run({ type: "slaCheck" }, T0 + 11 * MIN + 5);
    expect(events(m, "sla_breach_first_response")).toEqual([expect.objectContaining({ agentId: "ag_ana", value: 11 * MIN, startedAt: T0 })]);
    expect(events(m, "sla_warning")).toHaveLength(1);

    // Ana answers: the wait is over; the resolution target (from the cycle's start) is the one shown now.
    m.run({ type: "reply", actor: ana, input: { text: "Hola, dime", clientId: "a1" } }, T0 + 12 * MIN);
    expect(m.state!.sla).toMatchObject({ kind: "resolution", dueAt: T0 + 60 * MIN });
    m.run({ type: "setStatus", actor: ana, status: "resolved" }, T0 + 20 * MIN);
    expect(m.state!.sla).toBeNull();
  });

  it("in business hours a Friday-evening message is due on Monday morning", () => {
    const m = new Memory();
    const bh: SlaConfig = { policies: [policy({ firstResponseMs: 30 * MIN, resolutionMs: null, businessHours: true })], hours: HOURS, timeZone: "Europe/Madrid" };
    m.run(withSla([inbound("w1", "¿Estáis?", madrid(4, 17, 50))], bh), madrid(4, 17, 50));
    // 10 minutes on Friday, 20 on Monday; the warning at 22.5 minutes falls on Monday 09:12:30.
    expect(m.state!.sla).toMatchObject({ kind: "first_response", dueAt: madrid(7, 9, 20), warnAt: madrid(7, 9, 12) + 30_000 });
  });

  it("a conversation without a matching policy has no clock and schedules nothing", () => {
    const m = new Memory();
    const onlyUrgent: SlaConfig = { policies: [policy({ priority: "urgent" })], hours: null, timeZone: "Europe/Madrid" };
    const { decision } = m.run(withSla([inbound("w1", "Hola", T0)], onlyUrgent), T0);
    expect(m.state!.sla).toBeNull();
    expect(decision.jobs.filter((j) => j.kind === "sla")).toEqual([]);
    // Made urgent by an agent: the clock starts from the customer's wait.
    m.run({ type: "setPriority", actor: ana, priority: "urgent" }, T0 + MIN);
    expect(m.state!.sla).toMatchObject({ kind: "first_response", dueAt: T0 + 10 * MIN });
  });
});
