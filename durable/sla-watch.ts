// A conversation's service-level clocks (shared/sla.ts) kept honest: after every change the soonest target is in
// the state (lists and the header count it down) and one `sla` job waits for the next moment that matters; when it
// fires, a warning at 75% of the target tells the owner and supervisors, and a breach is recorded as an event.
import { BOT_AGENT_ID } from "../shared/model";
import { type SlaClock, type SlaConfig, slaClocks, soonest } from "../shared/sla";
import type { Draft, InternalState } from "./conversation-draft";

/** Fired keys kept (older cycles' are of no use). */
const FIRED_KEPT = 20;

const key = (stage: "warn" | "breach", c: SlaClock) => `${stage}:${c.kind}:${c.startedAt}`;

function clocksOf(s: InternalState): SlaClock[] {
  return slaClocks(s.slaWatch.config, { status: s.status, priority: s.priority, tagIds: s.tagIds, cycleStartedAt: s.cycleStartedAt, waitStart: s.clock.waitStart, replied: s.clock.replied });
}

/** The workspace's SLA policies travel with each customer message; the object keeps the newest. */
export function keepSlaConfig(d: Draft, config: SlaConfig | null | undefined): void {
  if (config === undefined) return;
  const watch = d.current.slaWatch;
  if (JSON.stringify(watch.config) !== JSON.stringify(config)) d.patch({ slaWatch: { ...watch, config } });
}

/** After a change: show the soonest clock and schedule the next warning or breach (one job, moved as needed). */
export function scheduleSla(d: Draft): void {
  const s = d.state;
  if (!s || (!s.slaWatch.config?.policies.length && s.sla === null && s.slaWatch.nextCheckAt === null)) return;
  const clocks = clocksOf(s);
  const shown = soonest(clocks);
  if (JSON.stringify(shown) !== JSON.stringify(s.sla)) d.patch({ sla: shown });
  const pending = clocks.flatMap((c) => [...(s.slaWatch.fired.includes(key("warn", c)) ? [] : [c.warnAt]), ...(s.slaWatch.fired.includes(key("breach", c)) ? [] : [c.dueAt])]);
  const next = pending.length ? Math.max(d.now, Math.min(...pending)) : null;
  if (next === s.slaWatch.nextCheckAt) return;
  if (next !== null) d.job("sla", "sla", next, null, { debounce: true });
  d.patch({ slaWatch: { ...s.slaWatch, nextCheckAt: next } });
}

/** The `sla` job: record what came due (each warning and breach once) and tell the owner and supervisors live. */
export function checkSla(d: Draft): void {
  const s = d.current;
  const fired = [...s.slaWatch.fired];
  const owner = s.assigneeId && s.assigneeId !== BOT_AGENT_ID ? s.assigneeId : null;
  for (const c of clocksOf(s)) {
    if (d.now >= c.warnAt && !fired.includes(key("warn", c)) && d.now < c.dueAt) {
      fired.push(key("warn", c));
      d.changeEvent("sla_warning", owner, null, { kind: c.kind, dueAt: c.dueAt, policyId: c.policyId });
      d.notice({ kind: "sla", stage: "warning", slaKind: c.kind, dueAt: c.dueAt, agentId: owner, at: d.now });
    }
    if (d.now >= c.dueAt && !fired.includes(key("breach", c))) {
      // A breach also settles its warning (a conversation can jump past 75% while the object slept).
      fired.push(key("breach", c), ...(fired.includes(key("warn", c)) ? [] : [key("warn", c)]));
      d.changeEvent(`sla_breach_${c.kind}`, owner, d.now - c.startedAt, { dueAt: c.dueAt, policyId: c.policyId }, { startedAt: c.startedAt });
      d.notice({ kind: "sla", stage: "breach", slaKind: c.kind, dueAt: c.dueAt, agentId: owner, at: d.now });
    }
  }
  d.patch({ slaWatch: { ...s.slaWatch, fired: fired.slice(-FIRED_KEPT), nextCheckAt: null } });
}
