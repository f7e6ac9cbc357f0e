// The workspace's in-memory index of open conversations (durable/workspace/active-index.ts): counts kept
// incrementally per kind of viewer must always equal a full recount, and only routing facts count as a change.
import { describe, expect, it } from "vitest";
import { type ActiveEntry, ActiveIndex, countsOf, routingInputsChanged } from "../../durable/workspace/active-index";
import type { Actor } from "../../shared/model";

const actor = (agentId: string, role: Actor["role"], teamIds: string[] = [], seeAll = false): Actor =>
  ({ workspaceId: "ws_demo", agentId, role, teamIds, seeAll, name: agentId }) as Actor;

const viewers = [
  actor("ag_sofia", "supervisor"),
  actor("ag_ana", "agent", ["team_ventas"]),
  actor("ag_bruno", "agent", []),
  actor("ag_carla", "agent", ["team_cobranza", "team_ventas"]),
  actor("ag_dario", "agent", [], true),
  actor("ag_admin", "admin"),
];

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

function randomEntry(id: string, r: () => number): ActiveEntry | undefined {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  if (r() < 0.15) return undefined; // resolved
  return {
    id,
    workspaceId: "ws_demo",
    channelId: "ch_demo_wa",
    lastInboundAt: null,
    status: r() < 0.8 ? "open" : "snoozed",
    assigneeId: pick([null, null, "ag_ana", "ag_bruno", "ag_carla", "ag_sofia", "bot"]),
    teamId: pick([null, null, "team_ventas", "team_cobranza"]),
    participantIds: r() < 0.2 ? [pick(["ag_ana", "ag_bruno", "ag_carla"])] : [],
    waitingSince: r() < 0.5 ? Math.floor(r() * 1000) : null,
    assignedAt: null,
    contactName: pick(["Íñigo", "Zoë 🌻", "María José", null]),
  };
}

describe("open conversations index", () => {
  it("keeps every viewer's counts equal to a full recount through a random sequence of updates", () => {
    for (const seed of [1, 7, 42, 2026]) {
      const r = rng(seed);
      const index = new ActiveIndex();
      const truth = new Map<string, ActiveEntry>();
      // Ask early, so the incremental path (not a fresh recount) is what gets checked.
      for (const v of viewers) index.counts(v);
      for (let step = 0; step < 600; step++) {
        const id = `cv_${Math.floor(r() * 40)}`;
        const next = randomEntry(id, r);
        if (next) truth.set(id, next);
        else truth.delete(id);
        index.set(id, next);
        if (r() < 0.1) index.patch(id, { assigneeId: "ag_ana", assignedAt: step });
        if (truth.has(id) && index.get(id)?.assigneeId !== truth.get(id)!.assigneeId) truth.set(id, index.get(id)!);
        if (step % 50 === 0 || step === 599) {
          for (const v of viewers) {
            const full = countsOf(truth.values(), v);
            expect(index.counts(v), `seed ${seed} step ${step} ${v.agentId}`).toEqual({ ...full, mine: [...truth.values()].filter((e) => e.status === "open" && e.assigneeId === v.agentId).length });
          }
          const load = new Map<string, number>();
          for (const e of truth.values()) if (e.status === "open" && e.assigneeId) load.set(e.assigneeId, (load.get(e.assigneeId) ?? 0) + 1);
          expect(index.openCounts()).toEqual(load);
        }
      }
      // The periodic full recompute finds nothing to correct.
      expect(index.rebuild(truth.values())).toBe(false);
    }
  });

  it("the full recompute corrects counts that drifted, and says so", () => {
    const index = new ActiveIndex([{ id: "cv_1", workspaceId: "ws_demo", channelId: "ch_demo_wa", lastInboundAt: null, status: "open", assigneeId: null, teamId: null, participantIds: [], waitingSince: 5, assignedAt: null, contactName: "Lucía" }]);
    expect(index.counts(viewers[0]!)).toMatchObject({ all: 1, unassigned: 1 });
    expect(index.rebuild([])).toBe(true);
    expect(index.counts(viewers[0]!)).toMatchObject({ all: 0, unassigned: 0 });
  });

  it("treats a new preview or unread count as no routing change, but a new owner, status or wait as one", () => {
    const base: ActiveEntry = { id: "cv_1", workspaceId: "ws_demo", channelId: "ch_demo_wa", lastInboundAt: null, status: "open", assigneeId: "ag_ana", teamId: null, participantIds: [], waitingSince: 10, assignedAt: 5, contactName: "Ñandú" };
    expect(routingInputsChanged(base, { ...base, contactName: "Otro nombre", participantIds: ["ag_bruno"] })).toBe(false);
    expect(routingInputsChanged(base, { ...base, assigneeId: null })).toBe(true);
    expect(routingInputsChanged(base, { ...base, status: "snoozed" })).toBe(true);
    expect(routingInputsChanged(base, { ...base, waitingSince: null })).toBe(true);
    expect(routingInputsChanged(base, undefined)).toBe(true);
    expect(routingInputsChanged(undefined, undefined)).toBe(false);
  });

  it("finds the next timer and who waits past a threshold without a query", () => {
    const index = new ActiveIndex([
      { id: "cv_a", workspaceId: "ws_demo", channelId: "ch_demo_wa", lastInboundAt: null, status: "open", assigneeId: "ag_ana", teamId: null, participantIds: [], waitingSince: 1_000, assignedAt: 1_500, contactName: "A" },
      { id: "cv_b", workspaceId: "ws_demo", channelId: "ch_demo_wa", lastInboundAt: null, status: "open", assigneeId: null, teamId: null, participantIds: [], waitingSince: 2_000, assignedAt: null, contactName: "B" },
      { id: "cv_c", workspaceId: "ws_demo", channelId: "ch_demo_wa", lastInboundAt: null, status: "snoozed", assigneeId: null, teamId: null, participantIds: [], waitingSince: 100, assignedAt: null, contactName: "C" },
    ]);
    // Unattended after 600: cv_a at 1_600 (past at now 1_700), cv_b at 2_600; return after 300: cv_a at 1_800.
    expect(index.nextTimer(1_700, 600, 300)).toBe(1_800);
    expect(index.nextTimer(1_700, 600, null)).toBe(2_600);
    expect(index.waiting(1_700 - 600).map((e) => e.id)).toEqual(["cv_a"]);
    expect(index.hasQueue()).toBe(true);
  });
});
