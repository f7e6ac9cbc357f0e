// A change to one conversation, worked out in memory: the rules (conversation-changes, agent-actions, ownership,
// conversation-status) read what they need through `Known` and write into a Draft; nothing touches storage.
// `Draft.finish()` gives the Decision — new state, messages, events, jobs, notices, frames — that
// ConversationStore.apply() writes in one transaction. Tests build `Known` from plain objects.
import type { Actor, ContactSnapshot, ConversationState, Message, MessageStatus } from "../shared/model";
import type { ConversationServerFrame } from "../shared/protocol";
import { activityMessage, type NewMessage } from "./message-kinds";
import { NO_SLA_WATCH, NO_SURVEY, type SlaWatch, type SurveyState } from "./cycle-state";
import { followChange, type ReportClock, startCycle } from "./report-clock";

export type { NewMessage };
import type { ConversationNotice } from "./workspace-api";

/** Internal fields the API does not expose. */
export interface ConversationInternals {
  tokenRef: string;
  assignedAt: number | null;
  cycleStartedAt: number;
  /** What the reports measure in this cycle (durable/report-clock.ts). */
  clock: ReportClock;
  /** This cycle's satisfaction survey (durable/csat-survey.ts). */
  survey: SurveyState;
  /** The SLA policies, and which warnings and breaches were recorded (durable/sla-watch.ts). */
  slaWatch: SlaWatch;
  /** The customer opted out of marketing by keyword (durable/opt-out-rules.ts): their next "BAJA" is not confirmed again. */
  optedOut: boolean;
  /** The last campaign message sent here, and whether the customer answered it yet (durable/campaign/campaign-message.ts). */
  campaign: CampaignSentHere | null;
  updatedSeq: number;
  /** A name an agent gave the contact; `contact.name` shows it, `contact.profileName` keeps WhatsApp's. */
  agentContactName: string | null;
}

export type InternalState = ConversationState & ConversationInternals;

export interface CampaignSentHere {
  campaignId: string;
  recipientId: number;
  attempt: number;
  at: number;
  replied: boolean;
}

/** Public view of the state (drops internals before it goes to a client). */
export function publicState(s: ConversationState & Partial<ConversationInternals>): ConversationState {
  const { tokenRef: _t, assignedAt: _a, cycleStartedAt: _c, clock: _k, survey: _s, slaWatch: _w, optedOut: _o, campaign: _m, updatedSeq: _u, agentContactName: _n, ...state } = s;
  return state;
}

/** What agents see: the name an agent gave, with WhatsApp's profile name kept beside it. */
export function displayContact(raw: ContactSnapshot, agentGivenName: string | null): ContactSnapshot {
  return agentGivenName ? { ...raw, name: agentGivenName, profileName: raw.name } : raw;
}

/** The WhatsApp snapshot behind a displayed contact (what the object stores). */
export function rawContact(shown: ContactSnapshot, agentGivenName: string | null): ContactSnapshot {
  if (!agentGivenName) return shown;
  const { profileName, ...rest } = shown;
  return { ...rest, name: profileName ?? null };
}

/** What a decision may read besides the state: lookups answered by SQLite in the object, by maps in tests. */
export interface Known {
  state: InternalState | null;
  message(where: { id?: string; wamid?: string; clientId?: string }): Message | null;
  /** Statuses that arrived before their message's wamid was known (Meta does not order webhooks). */
  earlyStatuses(wamid: string): EarlyStatus[];
  /** Whether a customer or agent message with a seq after this one is stored. */
  spokenAfter(seq: number): boolean;
}

export interface EarlyStatus {
  wamid: string;
  status: MessageStatus;
  at: number;
  errorCode: number | null;
  errorReason: string | null;
}

export type MessagePatch = Partial<Pick<Message, "status" | "wamid" | "errorCode" | "errorReason" | "media">>;

/** Columns a change may set. `contact` is WhatsApp's snapshot; `agentContactName` null goes back to its name. */
export type StateUpdate = Partial<Omit<InternalState, "id" | "workspaceId" | "channelId" | "phoneNumberId" | "tokenRef" | "createdAt" | "seq" | "updatedSeq">>;

export interface ConversationInit {
  id: string;
  workspaceId: string;
  channelId: string;
  phoneNumberId: string;
  tokenRef: string;
  contact: ContactSnapshot;
}

export interface EventRow {
  id: string;
  kind: string;
  agentId: string | null;
  at: number;
  value: number | null;
  data: unknown;
  /** The conversation's team and channel when it happened (reports filter by them). */
  teamId: string | null;
  channelId: string | null;
  /** Start of what `value` measured (durations), so business-hours time can be worked out later. */
  startedAt: number | null;
  /** WhatsApp's time, for what the customer did. */
  waAt: number | null;
}

/** When a measured event's interval began, and WhatsApp's time of a customer's event. */
export interface EventTiming {
  startedAt?: number;
  waAt?: number;
}

export interface JobRequest {
  kind: string;
  key: string;
  dueAt: number;
  payload: unknown;
  /** A waiting job of the same key moves to this due time (and payload) instead of keeping the earlier one. */
  debounce?: boolean;
}

/** Everything one change writes, sends and broadcasts. Applied by ConversationStore.apply in one transaction. */
export interface Decision {
  created: ConversationInit | null;
  /** The state after the change (null: the conversation still does not exist). */
  state: InternalState | null;
  /** Columns that changed (empty: the state row is not written). */
  stateChanges: StateUpdate;
  inserts: Message[];
  updates: Array<{ id: string; patch: MessagePatch; seq: number }>;
  events: EventRow[];
  jobs: JobRequest[];
  jobsDone: string[];
  earlyKept: EarlyStatus[];
  earlyTaken: string[];
  notices: ConversationNotice[];
  frames: ConversationServerFrame[];
  /** The workspace object must hear about this change (summary, notices or events changed). */
  notify: boolean;
}

/**
 * The workspace object hears about every change right after it commits (the object notifies at once); an alarm
 * this long after, set in the same transaction, is the safety net for when that attempt is cut short.
 */
export const NOTIFY_SAFETY_MS = 2_000;

export class Draft {
  state: InternalState | null;
  #seq: number;
  #created: ConversationInit | null = null;
  #stateChanges: StateUpdate = {};
  #inserts: Message[] = [];
  #updates = new Map<string, { patch: MessagePatch; seq: number; message: Message }>();
  #events: EventRow[] = [];
  #jobs: JobRequest[] = [];
  #jobsDone: string[] = [];
  #earlyKept: EarlyStatus[] = [];
  #earlyTaken: string[] = [];
  #notices: ConversationNotice[] = [];
  #frames: ConversationServerFrame[] = [];

  constructor(
    private readonly known: Known,
    readonly now: number,
  ) {
    this.state = known.state ? { ...known.state } : null;
    this.#seq = known.state?.seq ?? 0;
  }

  /** The state, for rules that only run on an existing conversation. */
  get current(): InternalState {
    if (!this.state) throw new Error("conversation does not exist");
    return this.state;
  }

  create(init: ConversationInit): void {
    this.#created = init;
    this.state = {
      id: init.id,
      workspaceId: init.workspaceId,
      channelId: init.channelId,
      phoneNumberId: init.phoneNumberId,
      tokenRef: init.tokenRef,
      contactId: init.id.replace(/^cv_/, "ct_"),
      contact: init.contact,
      status: "open",
      assigneeId: null,
      assigneeName: null,
      teamId: null,
      priority: "normal",
      snoozedUntil: null,
      tagIds: [],
      participantIds: [],
      waitingSince: null,
      lastInboundAt: null,
      lastMessageAt: null,
      lastMessagePreview: null,
      lastMessageKind: null,
      lastMessageDirection: null,
      unreadCount: 0,
      createdAt: this.now,
      seq: 0,
      assignedAt: null,
      cycleStartedAt: this.now,
      clock: startCycle({ status: "open", assigneeId: null }, this.now),
      survey: NO_SURVEY,
      slaWatch: NO_SLA_WATCH,
      optedOut: false,
      campaign: null,
      sla: null,
      updatedSeq: 0,
      agentContactName: null,
    };
  }

  /** A message as this change sees it: written earlier in the change, or already stored. */
  message(where: { id?: string; wamid?: string; clientId?: string }): Message | null {
    const mine = [...this.#inserts, ...[...this.#updates.values()].map((u) => u.message)].reverse();
    const hit = mine.find((m) => (where.id !== undefined && m.id === where.id) || (where.wamid !== undefined && m.wamid === where.wamid) || (where.clientId !== undefined && m.clientId === where.clientId));
    return hit ?? this.known.message(where);
  }

  insert(m: NewMessage): Message {
    const state = this.current;
    const seq = ++this.#seq;
    const message: Message = { ...m, conversationId: state.id, seq, updatedSeq: seq, errorCode: null, errorReason: null, createdAt: this.now };
    this.#inserts.push(message);
    this.#frames.push(messageFrame(message));
    return message;
  }

  update(id: string, patch: MessagePatch): Message {
    const before = this.message({ id });
    if (!before) throw new Error(`message ${id} not found`);
    const seq = ++this.#seq;
    const message: Message = { ...before, ...patch, updatedSeq: seq };
    const inserted = this.#inserts.findIndex((m) => m.id === id);
    if (inserted >= 0) this.#inserts[inserted] = { ...message };
    else this.#updates.set(id, { patch: { ...this.#updates.get(id)?.patch, ...patch }, seq, message });
    this.#frames.push(messageFrame(message));
    return message;
  }

  /** Changes the state; one frame and one sequence number for all of a change's patches (see finish). */
  patch(update: StateUpdate): void {
    const state = this.current;
    const before = { status: state.status, assigneeId: state.assigneeId, waitingSince: state.waitingSince };
    const raw = update.contact ?? rawContact(state.contact, state.agentContactName);
    Object.assign(this.#stateChanges, update);
    Object.assign(state, update);
    if (update.contact !== undefined || update.agentContactName !== undefined) state.contact = displayContact(raw, state.agentContactName);
    // Every ownership or status change moves the reports' clock, whichever rule made it.
    const clock = followChange(state.clock, before, state, this.now);
    if (clock !== state.clock) {
      state.clock = clock;
      this.#stateChanges.clock = clock;
    }
  }

  /** A reporting event with a stable id (re-sending it never double-counts). */
  event(id: string, kind: string, agentId: string | null, value: number | null = null, data: unknown = null, timing: EventTiming = {}): void {
    const state = this.current;
    this.#events.push({ id, kind, agentId, at: this.now, value, data, teamId: state.teamId, channelId: state.channelId, startedAt: timing.startedAt ?? null, waAt: timing.waAt ?? null });
  }

  /** An event of this change, named by the sequence number it reaches. */
  changeEvent(kind: string, agentId: string | null, value: number | null = null, data: unknown = null, timing: EventTiming = {}): void {
    this.event(`${this.current.id}:${this.#seq}:${kind}`, kind, agentId, value, data, timing);
  }

  job(kind: string, key: string, dueAt: number, payload: unknown = null, opts: { debounce?: boolean } = {}): void {
    this.#jobs.push({ kind, key, dueAt, payload, ...(opts.debounce ? { debounce: true } : {}) });
  }

  /** Whether a customer or an agent message (not a note or activity) was stored after `seq`, this decision included. */
  spokenAfter(seq: number): boolean {
    return this.known.spokenAfter(seq) || this.#inserts.some((m) => (m.direction === "in" || m.direction === "out") && m.seq > seq);
  }

  /** Every message this change inserted or updated, as it now stands. */
  changedMessages(): Message[] {
    return [...this.#inserts, ...[...this.#updates.values()].map((u) => u.message)];
  }

  jobDone(key: string): void {
    this.#jobsDone.push(key);
  }

  notice(notice: ConversationNotice): void {
    this.#notices.push(notice);
  }

  keepEarly(status: EarlyStatus): void {
    this.#earlyKept.push(status);
  }

  takeEarly(wamid: string): EarlyStatus[] {
    if (this.#earlyTaken.includes(wamid)) return [];
    this.#earlyTaken.push(wamid);
    return this.known.earlyStatuses(wamid);
  }

  /** An activity line in the history ("Ana took the conversation"); rendered by the inbox from `content`. */
  activity(actor: Actor | null, content: Record<string, unknown>): void {
    this.insert(activityMessage(actor, content, this.now));
  }

  finish(): Decision {
    const state = this.state;
    const stateChanged = Object.keys(this.#stateChanges).length > 0 || this.#created !== null;
    if (state && stateChanged) {
      const seq = ++this.#seq;
      state.updatedSeq = seq;
      this.#frames.push({ type: "conversation", seq, conversation: publicState(state) });
    }
    if (state) state.seq = this.#seq;
    const notify = stateChanged || this.#events.length > 0 || this.#notices.length > 0;
    return {
      created: this.#created,
      state,
      stateChanges: this.#stateChanges,
      inserts: this.#inserts,
      updates: [...this.#updates.entries()].map(([id, u]) => ({ id, patch: u.patch, seq: u.seq })),
      events: this.#events,
      jobs: this.#jobs,
      jobsDone: this.#jobsDone,
      earlyKept: this.#earlyKept,
      earlyTaken: this.#earlyTaken,
      notices: this.#notices,
      frames: this.#frames,
      notify,
    };
  }

}

export const messageFrame = (message: Message): ConversationServerFrame => ({ type: "message", seq: message.updatedSeq, message });
