// Service-level targets: policies per priority or tag (first response, next response, resolution; calendar time or
// the workspace's business hours), and the clocks a conversation runs against them. One definition shared by the
// conversation object (which fires warnings at 75% and records breaches) and the inbox (which shows the clock).
import { addBusinessMs, type BusinessHours } from "./business-hours";
import type { Priority, SlaClock, SlaKind } from "./model";

export type { SlaClock, SlaKind };

export interface SlaPolicy {
  id: string;
  name: string;
  /** Applies to conversations of this priority (null: any). */
  priority: Priority | null;
  /** Applies to conversations carrying this tag (null: any). */
  tagId: string | null;
  firstResponseMs: number | null;
  nextResponseMs: number | null;
  resolutionMs: number | null;
  /** Targets count the workspace's business hours instead of calendar time. */
  businessHours: boolean;
}

/** What a conversation needs to run its clocks: the workspace's policies in order, hours and zone. */
export interface SlaConfig {
  policies: SlaPolicy[];
  hours: BusinessHours | null;
  timeZone: string;
}


/** Share of the target after which the owner and supervisors are warned. */
export const SLA_WARN_SHARE = 0.75;

/** The first policy, in order, whose priority and tag both fit (a policy without either fits every conversation). */
export function policyFor(policies: readonly SlaPolicy[], c: { priority: Priority; tagIds: readonly string[] }): SlaPolicy | null {
  return policies.find((p) => (p.priority === null || p.priority === c.priority) && (p.tagId === null || c.tagIds.includes(p.tagId))) ?? null;
}

/** `targetMs` after `from`, in business time when the policy says so and hours exist (else calendar time). */
export function deadline(config: SlaConfig, policy: SlaPolicy, from: number, targetMs: number): number {
  if (policy.businessHours && config.hours) return addBusinessMs(config.hours, config.timeZone, from, targetMs) ?? from + targetMs;
  return from + targetMs;
}

export interface SlaFacts {
  status: "open" | "pending" | "snoozed" | "resolved";
  priority: Priority;
  tagIds: readonly string[];
  cycleStartedAt: number;
  /** Since when the customer waits for a person (null: nobody owes them an answer). */
  waitStart: number | null;
  /** A person answered in this cycle (a wait now is a "next response"). */
  replied: boolean;
}

/** The targets running now (none once resolved; a snoozed conversation's resolution clock keeps running). */
export function slaClocks(config: SlaConfig | null, c: SlaFacts): SlaClock[] {
  if (!config || c.status === "resolved") return [];
  const policy = policyFor(config.policies, c);
  if (!policy) return [];
  const clocks: SlaClock[] = [];
  const clock = (kind: SlaKind, startedAt: number, targetMs: number | null) => {
    if (targetMs === null) return;
    const dueAt = deadline(config, policy, startedAt, targetMs);
    clocks.push({ kind, policyId: policy.id, startedAt, warnAt: deadline(config, policy, startedAt, Math.round(targetMs * SLA_WARN_SHARE)), dueAt });
  };
  if (c.waitStart !== null) clock(c.replied ? "next_response" : "first_response", c.waitStart, c.replied ? policy.nextResponseMs : policy.firstResponseMs);
  clock("resolution", c.cycleStartedAt, policy.resolutionMs);
  return clocks;
}

/** The clock to show: the one due first. */
export function soonest(clocks: readonly SlaClock[]): SlaClock | null {
  return clocks.reduce<SlaClock | null>((best, c) => (!best || c.dueAt < best.dueAt ? c : best), null);
}
