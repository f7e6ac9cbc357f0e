// The workspace object's in-memory view of its open and snoozed conversations: who owns each, its team, since when
// the customer waits. The live counts are kept incrementally per kind of viewer (no aggregate query per flush),
// routing reads open loads from it, timers find their next due time in it, and an update that leaves these facts
// unchanged is recognised as such (no re-routing). Loaded from SQLite at start and rebuilt on the alarm. Plain code.
import type { Actor } from "../../shared/model";
import { BOT_AGENT_ID } from "../../shared/model";
import type { ListCounts } from "../../shared/protocol";
import { canSee } from "../conversation-rules";

export interface ActiveEntry {
  id: string;
  workspaceId: string;
  status: "open" | "snoozed";
  assigneeId: string | null;
  teamId: string | null;
  participantIds: string[];
  waitingSince: number | null;
  assignedAt: number | null;
  contactName: string | null;
  channelId: string;
  /** The customer's last message (WhatsApp's time): the 24-hour window closes a day later. */
  lastInboundAt: number | null;
}

/** What routing and timers depend on; a change elsewhere (a new preview, unread count, tags) leaves them be. */
export function routingInputsChanged(before: ActiveEntry | undefined, after: ActiveEntry | undefined): boolean {
  if (!before || !after) return before !== after;
  return (
    before.status !== after.status ||
    before.assigneeId !== after.assigneeId ||
    before.teamId !== after.teamId ||
    before.waitingSince !== after.waitingSince ||
    before.assignedAt !== after.assignedAt
  );
}

/** The kind of viewer: everyone who sees every conversation shares one; an agent's depends on them and their teams. */
export function viewerClass(actor: Actor): string {
  return actor.role !== "agent" || actor.seeAll ? "all" : `${actor.agentId}|${actor.teamIds.join(",")}`;
}

const empty = (): ListCounts => ({ mine: 0, unassigned: 0, all: 0, teams: {} });

function add(counts: ListCounts, e: ActiveEntry, actor: Actor, sign: 1 | -1): void {
  if (e.status !== "open" || !canSee(e, actor)) return;
  counts.all += sign;
  if (e.assigneeId === null) counts.unassigned += sign;
  if (e.assigneeId === actor.agentId) counts.mine += sign;
  if (e.teamId !== null) {
    const n = (counts.teams[e.teamId] ?? 0) + sign;
    if (n === 0) delete counts.teams[e.teamId];
    else counts.teams[e.teamId] = n;
  }
}

/** Counts by a full pass (the reference the incremental counts must agree with). */
export function countsOf(entries: Iterable<ActiveEntry>, actor: Actor): ListCounts {
  const counts = empty();
  for (const e of entries) add(counts, e, actor, 1);
  return counts;
}

export class ActiveIndex {
  #entries = new Map<string, ActiveEntry>();
  /** Open conversations per owner (routing's load and capacity). */
  #load = new Map<string, number>();
  /** Counts per viewer class, kept up to date once a viewer of that class asked; "all" leaves `mine` at 0. */
  #classes = new Map<string, { actor: Actor; counts: ListCounts }>();

  constructor(entries: Iterable<ActiveEntry> = []) {
    this.rebuild(entries);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): ActiveEntry | undefined {
    return this.#entries.get(id);
  }

  entries(): IterableIterator<ActiveEntry> {
    return this.#entries.values();
  }

  /** Replaces a conversation's facts (undefined: resolved, or unknown). Returns the previous ones. */
  set(id: string, next: ActiveEntry | undefined): ActiveEntry | undefined {
    const prev = this.#entries.get(id);
    if (prev) this.#apply(prev, -1);
    if (next) this.#entries.set(id, next);
    else this.#entries.delete(id);
    if (next) this.#apply(next, 1);
    return prev;
  }

  /** Changes some facts of a known conversation (the router assigned it before its own update arrives). */
  patch(id: string, change: Partial<Omit<ActiveEntry, "id">>): void {
    const prev = this.#entries.get(id);
    if (prev) this.set(id, { ...prev, ...change });
  }

  #apply(e: ActiveEntry, sign: 1 | -1): void {
    if (e.status === "open" && e.assigneeId !== null) {
      const n = (this.#load.get(e.assigneeId) ?? 0) + sign;
      if (n === 0) this.#load.delete(e.assigneeId);
      else this.#load.set(e.assigneeId, n);
    }
    for (const c of this.#classes.values()) add(c.counts, e, c.actor, sign);
  }

  /** Open or snoozed conversations whose 24-hour window closed in (after, until], with when it closed. */
  windowsClosed(after: number, until: number, windowMs: number): Array<{ entry: ActiveEntry; closedAt: number }> {
    const closed: Array<{ entry: ActiveEntry; closedAt: number }> = [];
    for (const e of this.#entries.values()) {
      const at = e.lastInboundAt === null ? null : e.lastInboundAt + windowMs;
      if (at !== null && at > after && at <= until) closed.push({ entry: e, closedAt: at });
    }
    return closed;
  }

  /** The next window to close after `after` among open and snoozed conversations. */
  nextWindowClose(after: number, windowMs: number): number | null {
    let next: number | null = null;
    for (const e of this.#entries.values()) {
      const at = e.lastInboundAt === null ? null : e.lastInboundAt + windowMs;
      if (at !== null && at > after && (next === null || at < next)) next = at;
    }
    return next;
  }

  /** Starts over from a full read (the periodic recompute); returns whether the incremental state had drifted. */
  rebuild(entries: Iterable<ActiveEntry>): boolean {
    const before = this.#fingerprint();
    const classes = [...this.#classes.values()];
    this.#entries = new Map([...entries].map((e) => [e.id, e]));
    this.#load = new Map();
    this.#classes = new Map();
    for (const e of this.#entries.values()) this.#apply(e, 1);
    for (const c of classes) this.counts(c.actor);
    return before !== this.#fingerprint();
  }

  /** The counts in a canonical form (key order does not matter), to tell whether a recompute changed anything. */
  #fingerprint(): string {
    const sorted = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => a.localeCompare(b));
    return JSON.stringify([
      sorted(this.#load),
      sorted(this.#classes).map(([k, c]) => [k, c.counts.mine, c.counts.unassigned, c.counts.all, sorted(Object.entries(c.counts.teams))]),
    ]);
  }

  /** This person's live filter counts. */
  counts(actor: Actor): ListCounts {
    const key = viewerClass(actor);
    let c = this.#classes.get(key);
    if (!c) {
      // "all" is shared by people with different ids: counted for nobody in particular, `mine` filled below.
      const representative = key === "all" ? { ...actor, agentId: "" } : actor;
      c = { actor: representative, counts: countsOf(this.#entries.values(), representative) };
      this.#classes.set(key, c);
    }
    const mine = key === "all" ? this.openCount(actor.agentId) : c.counts.mine;
    return { ...c.counts, mine, teams: { ...c.counts.teams } };
  }

  openCount(agentId: string): number {
    return this.#load.get(agentId) ?? 0;
  }

  openCounts(): Map<string, number> {
    return new Map(this.#load);
  }

  /** Open conversations whose customer has waited since `before` or earlier, the longest waiting first. */
  waiting(before: number): ActiveEntry[] {
    return [...this.#entries.values()]
      .filter((e) => e.status === "open" && e.waitingSince !== null && e.waitingSince <= before)
      .sort((a, b) => a.waitingSince! - b.waitingSince!);
  }

  /** Someone waits in the queue (open, nobody owns it). */
  hasQueue(): boolean {
    for (const e of this.#entries.values()) if (e.status === "open" && e.assigneeId === null) return true;
    return false;
  }

  /** Earliest moment an unattended flag or a return timer is due. */
  nextTimer(now: number, unattendedAfterMs: number, returnAfterMs: number | null): number | null {
    let next: number | null = null;
    const consider = (t: number) => (next = next === null ? t : Math.min(next, t));
    for (const e of this.#entries.values()) {
      if (e.status !== "open" || e.waitingSince === null) continue;
      if (e.waitingSince > now - unattendedAfterMs) consider(e.waitingSince + unattendedAfterMs);
      if (returnAfterMs !== null && e.assigneeId !== null && e.assigneeId !== BOT_AGENT_ID) consider(Math.max(e.waitingSince, e.assignedAt ?? 0) + returnAfterMs);
    }
    return next;
  }
}
