// The stopwatch behind the reports: what one cycle of a conversation has measured so far. Kept with the state (one
// JSON column) and moved by the rules at the moment things happen, so every duration is exact and credited to who
// acted — peers compute them later from timestamps and count snoozes, bot time and reopen gaps (anchors.md §3.4).
//   waiting   customer message (WhatsApp's time) or the bot's handoff → a person's reply: first response, next reply
//   open time runs while the conversation is open or pending and no bot owns it; resolve closes the cycle
import { BOT_AGENT_ID, type ConversationStatus } from "../shared/model";

export interface ReportClock {
  /** Since when the customer waits for a person (null: nobody owes them an answer, or the bot is on it). */
  waitStart: number | null;
  /** A person already answered in this cycle: later waits are "next reply" times. */
  replied: boolean;
  /** The cycle's first assignment to a person (for first response measured from assignment). */
  firstAssignedAt: number | null;
  /** Closed open-time intervals of this cycle, and the running one's start. */
  open: Array<[number, number]>;
  openSince: number | null;
}

interface Owned {
  status: ConversationStatus;
  assigneeId: string | null;
  waitingSince: number | null;
}

/** The open-time clock runs while people are responsible: open or pending, and not the bot's. */
export const openClockRuns = (s: Pick<Owned, "status" | "assigneeId">): boolean => (s.status === "open" || s.status === "pending") && s.assigneeId !== BOT_AGENT_ID;

/** A new cycle (the conversation's first message, or a reopen). */
export function startCycle(s: Pick<Owned, "status" | "assigneeId">, now: number): ReportClock {
  return { waitStart: null, replied: false, firstAssignedAt: null, open: [], openSince: openClockRuns(s) ? now : null };
}

/** A clock for a conversation stored before clocks existed: its open time counts from `cycleStartedAt`. */
export function clockFromLegacy(s: Owned & { cycleStartedAt: number; firstResponseDone: boolean; assignedAt: number | null }): ReportClock {
  return {
    waitStart: s.assigneeId === BOT_AGENT_ID ? null : s.waitingSince,
    replied: s.firstResponseDone,
    firstAssignedAt: s.assignedAt,
    open: [],
    openSince: openClockRuns(s) ? s.cycleStartedAt : null,
  };
}

/** The cycle's open-time intervals up to `now` (the running one closed at `now`). */
export function openIntervals(clock: ReportClock, now: number): Array<[number, number]> {
  return clock.openSince === null ? clock.open : [...clock.open, [clock.openSince, now]];
}

export const totalMs = (intervals: Array<[number, number]>): number => intervals.reduce((sum, [a, b]) => sum + Math.max(0, b - a), 0);

/**
 * Follows an ownership or status change: stops or starts the open-time clock, notes the first assignment to a
 * person, and moves the customer's wait between the bot and people. Called by Draft.patch for every change.
 */
export function followChange(clock: ReportClock, before: Owned, after: Owned, now: number): ReportClock {
  let next = clock;
  const edit = (patch: Partial<ReportClock>) => (next = { ...next, ...patch });
  const was = openClockRuns(before);
  const is = openClockRuns(after);
  if (was && !is && next.openSince !== null) {
    edit({ open: [...next.open, [next.openSince, now]], openSince: null });
  }
  if (!was && is && next.openSince === null) edit({ openSince: now });
  const toPerson = after.assigneeId !== null && after.assigneeId !== BOT_AGENT_ID;
  if (toPerson && after.assigneeId !== before.assigneeId && next.firstAssignedAt === null) edit({ firstAssignedAt: now });
  // The bot answers for now: people are not keeping the customer waiting.
  if (after.assigneeId === BOT_AGENT_ID && next.waitStart !== null) edit({ waitStart: null });
  // Taken from the bot while the customer's message is unanswered: from now on people owe the answer.
  if (before.assigneeId === BOT_AGENT_ID && after.assigneeId !== BOT_AGENT_ID && after.waitingSince !== null && next.waitStart === null && after.status !== "resolved") {
    edit({ waitStart: now });
  }
  return next;
}

/** A customer message (WhatsApp's time) starts a wait for a person, unless one runs or the bot has the conversation. */
export function customerWrote(clock: ReportClock, ownerId: string | null, sentAt: number): ReportClock {
  if (clock.waitStart !== null || ownerId === BOT_AGENT_ID) return clock;
  return { ...clock, waitStart: sentAt };
}

/** What a person's reply measured: the first response of the cycle, or a next reply; null when nobody waited. */
export function personReplied(clock: ReportClock, now: number): { clock: ReportClock; measured: { kind: "first_response" | "next_reply"; startedAt: number; fromAssignment: number | null } | null } {
  const next: ReportClock = { ...clock, waitStart: null, replied: true };
  if (clock.waitStart === null) return { clock: next, measured: null };
  const kind = clock.replied ? "next_reply" : "first_response";
  const startedAt = Math.min(clock.waitStart, now);
  const fromAssignment = kind === "first_response" && clock.firstAssignedAt !== null ? Math.min(Math.max(clock.firstAssignedAt, startedAt), now) : null;
  return { clock: next, measured: { kind, startedAt, fromAssignment } };
}
