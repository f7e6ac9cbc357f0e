// The Conversation Durable Object: one per WhatsApp contact per channel, the source of truth for its messages,
// owner, status and window. Transport only: every RPC becomes a Command, `decide` (conversation-decide.ts) works
// out the change, ConversationStore.apply writes it in one transaction, then frames go to the sockets, the
// workspace hears about it (through its relay) and the outbox (its alarm) sends what the change owes.
import type { LanguageModel } from "ai";
import { type Connection, type ConnectionContext, Server } from "partyserver";
import type { BotPolicy } from "../shared/bot-policy";
import { type Actor, BOT_AGENT_ID, type ConversationState, type ConversationStatus, type Message, type Priority } from "../shared/model";
import { CLOSE_FORBIDDEN, CLOSE_REAUTHENTICATE, CLOSE_UNAUTHORIZED, type ConversationServerFrame, SOCKET_REAUTH_MS } from "../shared/protocol";
import type { Sent } from "./agent-actions";
import { conversationClientFrame } from "./client-frames";
import {
  ACTOR_HEADER,
  type AttachmentInput,
  type CampaignSend,
  type CampaignSent,
  type ConversationRef,
  type ConversationRpc,
  type ConversationView,
  decodeActor,
  type Erased,
  type HistoryExport,
  type IngestBatch,
  type IngestResult,
  type MessagePage,
  type ReplyInput,
} from "./conversation-api";
import { type Command, decide, type Outcomes } from "./conversation-decide";
import { type InternalState, NOTIFY_SAFETY_MS, publicState } from "./conversation-draft";
import { canSee, decideClaim, windowClosesAt } from "./conversation-rules";
import { ConversationStore } from "./conversation-store";
import { accessTokenOf } from "./channel-token";
import { GraphClient } from "./graph-client";
import { backoffMs, type Job, JobQueue } from "./job-queue";
import { assistantModel } from "./assistant/assistant-mode";
import { type AssistantDecision, decideDefault, handoff } from "./assistant/default-reply";
import { knowledgeIndexFor } from "./assistant/knowledge-source";
import { decideWithModel } from "./assistant/model-reply";
import { assist } from "./assistant/agent-assist";
import { botRepliesToday, workspaceTags } from "./assistant/bot-lookups";
import { type JobOutcome, type OutboxDeps, runMarkRead, runMediaCopy, runSend } from "./outbox";
import type { Person, Team } from "./ownership";
import { contactRecordOf, summaryOf } from "./projection";
import { fail, ok, type Result } from "./result";
import { relayStub } from "./workspace-relay";
import { rpcStub } from "./stubs";
import type { CampaignProgress } from "./campaign/campaign-api";
import type { RoutingDecision } from "./workspace-api";
import { MeteredStorage } from "./work-meter";
import { deleteConversationFiles } from "./media-files";

interface SocketState {
  actor: Actor;
  typing: boolean;
  connectedAt: number;
}

/** Reporting events handed to the workspace object per notification. */
const EVENTS_PER_NOTIFY = 100;
/** Catch-up frames carry at most this many messages each. */
const CATCH_UP_CHUNK = 200;
const SNAPSHOT_MESSAGES = 50;

const notFound = () => fail(404, "not_found", "Conversation not found.");
/**
 * How long a recheck's facts override the ones a connecting socket brings: the gate may have authorized it just
 * before the change (or from an isolate's actor cache, ≤ 12 s old), and it must not slip through with stale facts.
 */
const RECHECK_OVERRIDE_MS = 15_000;

export class Conversation extends Server<Env> implements ConversationRpc {
  static options = { hibernate: true };

  readonly storage: MeteredStorage;
  readonly store: ConversationStore;
  readonly jobs: JobQueue;
  /** The state row, read once per instance and kept in step with every decision this instance writes. */
  #cached: InternalState | null | undefined = undefined;
  /** Job ids with an attempt in flight in this instance; a started job not in here was interrupted by a restart. */
  readonly #running = new Set<number>();
  /** Notices may be waiting (unknown after a restart): otherwise a notification skips reading them. */
  #mayHaveNotices = true;
  /**
   * The last notice id and event number the workspace acknowledged: the next notification starts after them, and the
   * next transaction drops them from storage (so an acknowledgement costs no commit of its own).
   */
  #handedUpTo = { noticeId: 0, eventNo: 0 };
  /** What this instance already dropped from storage (nothing to delete again). */
  #dropped = { noticeId: 0, eventNo: 0 };
  /**
   * The state's seq the workspace has acknowledged, known only to this instance. A notification is owed while the
   * state is newer; no row records that: the alarm each change arms in its own transaction is the durable reminder,
   * and a new instance (which knows nothing) simply notifies again — the workspace takes it idempotently.
   */
  #ackedSeq = 0;
  #notifying = false;
  #notifyAgain = false;
  /** Failed notifications in a row: the alarm's retries back off. */
  #notifyFailures = 0;
  /** The language model bot turns use (none: default mode). Tests put the AI SDK's mock model here. */
  modelFor: (env: Env) => LanguageModel | null = assistantModel;
  /** The bot turn in flight, if any: aborted the moment someone else owns the conversation. */
  #botTurn: AbortController | null = null;
  /** When this instance last wrote a change (the alarm drops acknowledged events only once things are quiet). */
  #lastChangeAt = 0;
  /** Bumped by erase(): work that started before it must not write its bookkeeping into the fresh storage. */
  #epoch = 0;
  /** Recent rechecks: the freshest facts of a person (null: deactivated), applied to sockets opening meanwhile. */
  readonly #recheckedActors = new Map<string, { actor: Actor | null; at: number }>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.storage = new MeteredStorage(ctx.storage, "Conversation");
    this.store = new ConversationStore(this.storage.sql);
    this.jobs = new JobQueue(this.storage);
    // Schema in the constructor, not onStart: RPC calls from the Worker skip partyserver's onStart.
    this.store.migrate();
    void ctx.blockConcurrencyWhile(() => this.jobs.init());
  }

  #state(): InternalState | null {
    if (this.#cached === undefined) this.#cached = this.store.load();
    return this.#cached;
  }

  /** The state as stored (tests and tooling that read or write storage directly call this). */
  state(): InternalState | null {
    return this.#state();
  }

  /** Forget the cached state after storage was written from outside a decision (tests only). */
  reload(): void {
    this.#cached = undefined;
  }

  /**
   * A number's token can be rotated after this conversation began: the Worker's webhook and start paths read the
   * channel afresh, so their ref replaces the stored one (campaigns carry the ref from their creation: not adopted).
   */
  #adoptTokenRef(ref: ConversationRef): void {
    const state = this.#state();
    if (!state || state.workspaceId !== ref.workspaceId || state.channelId !== ref.channelId || state.tokenRef === ref.tokenRef) return;
    this.store.setTokenRef(ref.tokenRef);
    this.#cached = { ...state, tokenRef: ref.tokenRef };
  }

  // ---------- decisions ----------

  /** Decides a command and writes it in one transaction; frames go out only after it committed. */
  #decide<C extends Command>(command: C): Outcomes[C["type"]] {
    const handed = { ...this.#handedUpTo };
    const now = Date.now();
    let out: ReturnType<typeof decide<C>>;
    try {
      out = this.storage.transaction(() => {
        const decided = decide(this.store.known(this.#state()), command, now);
        this.store.dropHanded(handed, this.#dropped);
        this.store.apply(decided.decision);
        for (const job of decided.decision.jobs) this.jobs.enqueue(job.kind, job.key, job.dueAt, job.payload, job.debounce);
        for (const key of decided.decision.jobsDone) this.jobs.completeByKey(key);
        // The workspace's reminder: an alarm in the same commit (only written if none is set earlier).
        if (decided.decision.notify) this.jobs.armBefore(now + NOTIFY_SAFETY_MS);
        return decided;
      });
    } catch (err) {
      // A rolled-back transaction must not leave its uncommitted state cached.
      this.#cached = undefined;
      throw err;
    }
    const { decision } = out;
    this.#dropped = handed;
    this.#lastChangeAt = now;
    if (decision.notices.length) this.#mayHaveNotices = true;
    this.#cached = decision.state;
    // A person took over (claim, assignment, transfer) or the conversation closed: a bot turn in flight is void.
    if (this.#botTurn && (decision.state?.assigneeId !== BOT_AGENT_ID || decision.state.status === "resolved")) this.#botTurn.abort();
    if (decision.frames.length) this.#broadcast(decision.frames);
    // The live list should not wait for the alarm: notify now (the alarm is the safety net).
    if (decision.notify && decision.state) void this.#notify();
    return out.result;
  }

  /** An agent action: visibility check on the cached state, then the decision. */
  #act<C extends Command>(actor: Actor, command: C): Outcomes[C["type"]] | Result<never> {
    const state = this.#state();
    // Someone else's or a nonexistent conversation look the same from outside: 404, nothing leaks.
    if (!state || !canSee(state, actor)) return notFound();
    return this.#decide(command);
  }

  /** A system action (router, timers, contacts): no actor, but the conversation must exist. */
  #system<C extends Command>(command: C): Outcomes[C["type"]] | Result<never> {
    if (!this.#state()) return notFound();
    return this.#decide(command);
  }

  // ---------- RPC from the Worker ----------

  /** Webhook path: store messages exactly once, apply statuses. Resolves only once everything is durable. */
  async ingest(batch: IngestBatch): Promise<IngestResult> {
    this.#adoptTokenRef(batch.ref);
    return this.#decide({ type: "ingest", batch });
  }

  async view(actor: Actor): Promise<Result<ConversationView>> {
    const state = this.#state();
    if (!state || !canSee(state, actor)) return notFound();
    return ok({ conversation: publicState(state), windowClosesAt: windowClosesAt(state.lastInboundAt) });
  }

  async messages(actor: Actor, before: { sentAt: number; seq: number } | null, limit: number): Promise<Result<MessagePage>> {
    const state = this.#state();
    if (!state || !canSee(state, actor)) return notFound();
    return ok(this.store.page(state.id, before, limit));
  }

  async message(actor: Actor, id: string): Promise<Result<Message>> {
    const state = this.#state();
    if (!state || !canSee(state, actor)) return notFound();
    const message = this.store.message(state.id, { id });
    return message ? ok(message) : fail(404, "not_found", "Message not found.");
  }

  async reply(actor: Actor, input: ReplyInput): Promise<Sent> {
    return this.#act(actor, { type: "reply", actor, input });
  }

  async start(actor: Actor, ref: ConversationRef, input: ReplyInput): Promise<Result<{ created: boolean; message: Message; duplicate: boolean; conversation: ConversationState }>> {
    const state = this.#state();
    if (state && state.workspaceId !== actor.workspaceId) return notFound();
    if (state) this.#adoptTokenRef(ref);
    const started = this.#decide({ type: "start", actor, ref, input });
    if (!started.ok) return started;
    return ok({ ...started.value, conversation: publicState(this.#state()!) });
  }

  async sendAttachment(actor: Actor, input: AttachmentInput): Promise<Sent> {
    return this.#act(actor, { type: "attachment", actor, input });
  }

  async claim(actor: Actor): Promise<Result<{ assigneeId: string }>> {
    // Losers of a claim race must learn who won (409), even though the conversation just left their view: someone
    // else's conversation answers 409. What is free to take (unowned, or the assistant's) must be visible to the
    // claimer, or it does not exist for them (404) — an agent cannot take another team's conversation from the bot.
    const state = this.#state();
    if (!state || state.workspaceId !== actor.workspaceId) return notFound();
    const ownedByAnotherPerson = state.assigneeId !== null && state.assigneeId !== BOT_AGENT_ID && state.assigneeId !== actor.agentId;
    if (!ownedByAnotherPerson && !canSee(state, actor)) return notFound();
    // Decided on the cached state, before any transaction opens: a lost race costs no write.
    const early = decideClaim(state, actor);
    if (!early.ok) return fail(409, "already_claimed", `${early.owner.name ?? "Another agent"} already has this conversation.`, { owner: early.owner });
    if (!early.changed) return ok({ assigneeId: actor.agentId });
    return this.#decide({ type: "claim", actor });
  }

  async release(actor: Actor): Promise<Result<{ assigneeId: null }>> {
    return this.#act(actor, { type: "release", actor });
  }

  async transfer(actor: Actor, to: { agent?: Person; team?: Team }, note?: string): Promise<Result<{ assigneeId: string | null; teamId: string | null }>> {
    return this.#act(actor, { type: "transfer", actor, to, note });
  }

  async assign(actor: Actor, agent: Person | null): Promise<Result<{ assigneeId: string | null }>> {
    return this.#act(actor, { type: "assign", actor, agent });
  }

  async setStatus(actor: Actor, status: "open" | "snoozed" | "resolved", snoozedUntil?: number): Promise<Result<{ status: ConversationStatus }>> {
    return this.#act(actor, { type: "setStatus", actor, status, snoozedUntil });
  }

  async setPriority(actor: Actor, priority: Priority): Promise<Result<{ priority: Priority }>> {
    return this.#act(actor, { type: "setPriority", actor, priority });
  }

  async changeTags(actor: Actor, add: Array<{ id: string; name: string }>, remove: Array<{ id: string; name: string }>): Promise<Result<{ tagIds: string[] }>> {
    return this.#act(actor, { type: "changeTags", actor, add, remove });
  }

  async markRead(actor: Actor): Promise<Result<{ unreadCount: 0 }>> {
    return this.#act(actor, { type: "markRead" });
  }

  async recheckSockets(agentId: string, actor: Actor | null): Promise<number> {
    const now = Date.now();
    for (const [id, entry] of this.#recheckedActors) if (now - entry.at > RECHECK_OVERRIDE_MS) this.#recheckedActors.delete(id);
    this.#recheckedActors.set(agentId, { actor, at: now });
    const state = this.#state();
    let closed = 0;
    for (const conn of this.getConnections<SocketState>()) {
      if (conn.state?.actor.agentId !== agentId) continue;
      if (this.#refuseStale(conn, actor, state)) closed++;
      else conn.setState({ ...conn.state, actor: actor! });
    }
    if (closed) this.#presence();
    return closed;
  }

  /** Closes a socket whose person may no longer watch (deactivated, lost visibility); true if it did. */
  #refuseStale(conn: Connection<SocketState>, actor: Actor | null, state: InternalState | null): boolean {
    if (actor && state && canSee(state, actor)) return false;
    this.#send(conn, { type: "error", code: "forbidden", message: "This conversation is no longer visible to you." });
    conn.close(actor ? CLOSE_FORBIDDEN : CLOSE_UNAUTHORIZED, actor ? "forbidden" : "deactivated");
    return true;
  }

  /** For the socket gate: may this actor open this conversation's socket? */
  async authorize(actor: Actor): Promise<boolean> {
    const state = this.#state();
    return state !== null && canSee(state, actor);
  }

  // ---------- RPC from the workspace object (router and timers) and the AI assistant ----------

  async autoAssign(agent: Person, how: string): Promise<Result<{ assigneeId: string }>> {
    return this.#system({ type: "autoAssign", agent, how });
  }

  async returnToQueue(expectedAssigneeId: string, reason: "no_answer" | "offline" | "deactivated"): Promise<Result<{ returned: boolean }>> {
    return this.#system({ type: "returnToQueue", expected: expectedAssigneeId, reason });
  }

  async applyRouting(decision: RoutingDecision, ruleName: string): Promise<Result<true>> {
    return this.#system({ type: "applyRouting", decision, ruleName });
  }

  async handoff(reason: string, team: Team | null): Promise<Result<{ status: "open" }>> {
    return this.#system({ type: "handoff", reason, team });
  }

  async giveToBot(actor: Actor | null): Promise<Result<{ assigneeId: string }>> {
    return this.#system({ type: "giveToBot", actor });
  }

  /** From a campaign's object: its template to this contact, stored and sent once per recipient and attempt. */
  async campaignSend(input: CampaignSend): Promise<CampaignSent> {
    const state = this.#state();
    if (state && state.workspaceId !== input.ref.workspaceId) return notFound();
    return this.#decide({ type: "campaignSend", input });
  }

  /** From the contacts API (which checked the caller): keep the contact's name and merges in step. */
  async linkContact(update: { contactId?: string; name?: string | null }): Promise<Result<true>> {
    return this.#system({ type: "linkContact", update });
  }

  // ---------- the workspace's view: notifications through the relay ----------

  /**
   * Hands the current summary, unsent notices and events to the workspace (through its relay) and remembers what
   * it acknowledged; the next transaction drops it. One attempt at a time; a change meanwhile runs one more.
   * A failure leaves the notification owed: the alarm retries it.
   */
  async #notify(): Promise<void> {
    if (this.#notifying) {
      this.#notifyAgain = true;
      return;
    }
    this.#notifying = true;
    try {
      do {
        this.#notifyAgain = false;
        const state = this.#state();
        if (!state) return;
        const epoch = this.#epoch;
        const seq = state.seq;
        const noticesWereKnown = !this.#mayHaveNotices;
        const notices = noticesWereKnown ? [] : this.store.noticesAfter(this.#handedUpTo.noticeId);
        const events = this.store.eventsAfter(state, this.#handedUpTo.eventNo, EVENTS_PER_NOTIFY + 1);
        const handed = events.slice(0, EVENTS_PER_NOTIFY);
        const { ackedNoticeId } = await relayStub(this.env, state.workspaceId, state.id).publish({
          summary: summaryOf(state),
          assignedAt: state.assignedAt,
          notices,
          createdAt: state.createdAt,
          contact: contactRecordOf(state),
          events: handed.map(({ no: _n, ...e }) => e),
        });
        // Erased meanwhile: these acknowledgements belong to the history that is gone (numbers restart at 1).
        if (epoch !== this.#epoch) return;
        this.#handedUpTo = {
          noticeId: Math.max(this.#handedUpTo.noticeId, ackedNoticeId),
          eventNo: Math.max(this.#handedUpTo.eventNo, handed.at(-1)?.no ?? 0),
        };
        this.#ackedSeq = Math.max(this.#ackedSeq, seq);
        // No notice was written while this one was out: the next notification need not look for any.
        if (!noticesWereKnown && state === this.#cached) this.#mayHaveNotices = false;
        // A long backlog of events (after an outage) goes over in several notifications.
        if (events.length > handed.length) this.#notifyAgain = true;
      } while (this.#notifyAgain);
      this.#notifyFailures = 0;
    } catch (err) {
      this.#notifyFailures++;
      console.warn(`Conversation:${this.name} notification failed; the alarm retries`, (err as Error).message);
    } finally {
      this.#notifying = false;
    }
  }

  // ---------- data rights (system calls from the Worker) ----------

  async exportHistory(afterSeq: number, limit: number): Promise<HistoryExport | null> {
    const state = this.#state();
    if (!state) return null;
    const size = Math.max(1, Math.min(limit, 1_000));
    const messages = this.store.messagesAfter(state.id, afterSeq, size + 1);
    const page = messages.slice(0, size);
    return { conversation: publicState(state), messages: page, nextAfterSeq: messages.length > size ? page.at(-1)!.seq : null };
  }

  /**
   * Everything goes: rows, jobs, the alarm, the files; sockets close. The same id may start again later (the
   * customer writes anew) from empty storage: nothing in memory may carry the old history over.
   */
  async erase(): Promise<Erased> {
    const state = this.#state();
    const messages = state ? this.store.messageCount() : 0;
    const mediaKeys = state ? this.store.mediaKeys() : [];
    this.#epoch++;
    this.#botTurn?.abort();
    for (const conn of this.getConnections()) {
      this.#send(conn, { type: "error", code: "forbidden", message: "This conversation was erased." });
      conn.close(CLOSE_FORBIDDEN, "erased");
    }
    await this.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#cached = undefined;
    this.#handedUpTo = { noticeId: 0, eventNo: 0 };
    this.#dropped = { noticeId: 0, eventNo: 0 };
    this.#ackedSeq = 0;
    this.#mayHaveNotices = true;
    this.#notifyAgain = false;
    this.#notifyFailures = 0;
    this.#running.clear();
    this.store.migrate();
    await this.jobs.init();
    const files = state ? await deleteConversationFiles(this.env.MEDIA, state.workspaceId, state.id, mediaKeys) : 0;
    return { existed: state !== null, messages, files };
  }

  async purgeHistory(cutoff: number): Promise<Erased & { purged: boolean }> {
    const state = this.#state();
    // Re-checked here: it may have reopened since the sweep looked at D1.
    if (!state || state.status !== "resolved" || (state.lastMessageAt ?? state.createdAt) >= cutoff) return { existed: state !== null, purged: false, messages: 0, files: 0 };
    const messages = this.store.messageCount();
    // Already purged (the sweep saw D1 before the new summary landed): nothing to do, nothing to notify.
    if (messages === 0) return { existed: true, purged: false, messages: 0, files: 0 };
    const mediaKeys = this.store.mediaKeys();
    this.storage.transaction(() => {
      this.store.purgeMessages();
      this.jobs.armBefore(Date.now() + NOTIFY_SAFETY_MS);
    });
    this.#cached = undefined;
    // Open tabs reload the (now empty) history.
    for (const conn of this.getConnections()) conn.close(CLOSE_REAUTHENTICATE, "history deleted");
    void this.#notify();
    const files = await deleteConversationFiles(this.env.MEDIA, state.workspaceId, state.id, mediaKeys);
    return { existed: true, purged: true, messages, files };
  }

  // ---------- outbox ----------

  #graph(token: string): GraphClient {
    return new GraphClient({
      base: this.env.GRAPH_API_BASE,
      version: this.env.GRAPH_API_VERSION,
      token,
      loopback: (request) => this.ctx.exports.default.fetch(request),
      timeoutMs: this.env.GRAPH_TIMEOUT_MS ? Number(this.env.GRAPH_TIMEOUT_MS) : undefined,
    });
  }

  async #outboxDeps(state: InternalState): Promise<OutboxDeps> {
    return {
      graph: this.#graph(await accessTokenOf(this.env, state.tokenRef)),
      media: this.env.MEDIA,
      decide: (command) => void this.#decide(command),
      now: () => Date.now(),
      reconcileMs: Number(this.env.SEND_RECONCILE_MS ?? 120_000),
      maxAttempts: 8,
    };
  }

  /** Whether the workspace may not have the newest change yet (always, for an instance that just started). */
  #notifyOwed(): boolean {
    const state = this.#state();
    return state !== null && state.seq > this.#ackedSeq;
  }

  /**
   * Straight to onAlarm: partyserver's alarm() first bootstraps its name from a storage record (a read, and a write
   * the first time) kept for alarms that predate `ctx.id.name`. Every conversation is addressed by name and runs
   * no onStart, so that costs a storage round per alarm for nothing — and this alarm fires after most changes.
   */
  override async alarm(): Promise<void> {
    await this.onAlarm();
  }

  async onAlarm(): Promise<void> {
    this.jobs.alarmFired();
    const due = this.jobs.due(Date.now()).filter((job) => !this.#running.has(job.id));
    await Promise.all(due.map((job) => this.#runJob(job)));
    if (this.#notifyOwed()) await this.#notify();
    // What the workspace acknowledged must not outlive this instance: a new one knows nothing of its
    // acknowledgements and would hand it over again. Notices go now (a mention would ring twice). Events go once the
    // conversation is quiet — most hear one message and go idle, and otherwise every new instance would hand over
    // every earlier event again; while changes keep coming, the next one drops them in its own commit.
    const handed = { ...this.#handedUpTo };
    const quiet = Date.now() - this.#lastChangeAt >= NOTIFY_SAFETY_MS / 2;
    if (handed.noticeId > this.#dropped.noticeId || (quiet && handed.eventNo > this.#dropped.eventNo)) {
      this.storage.transaction(() => this.store.dropHanded(handed, this.#dropped));
      this.#dropped = handed;
    }
    this.jobs.rearm();
    // Capped low: a notification is cheap and idempotent, and the list should catch up soon after an outage.
    if (this.#notifyOwed()) this.jobs.armBefore(Date.now() + backoffMs(Math.min(this.#notifyFailures + 1, 4), 500));
  }

  async #runJob(job: Job): Promise<void> {
    this.#running.add(job.id);
    try {
      const state = this.#state();
      if (!state) return this.storage.transaction(() => this.jobs.completeByKey(job.key));
      if (job.kind === "notify") {
        // A notify job written by an earlier version of this object: notifications no longer need a row.
        await this.#notify();
        if (!this.#notifyOwed()) this.jobs.complete(job.id);
        return;
      }
      const now = Date.now();
      const deps = await this.#outboxDeps(state);
      // A send whose last attempt has no known outcome (restart mid-request, timeout) may already be on the
      // customer's phone: wait for its status webhook to settle it before sending again.
      if (job.kind === "send" && job.startedAt !== null && now - job.startedAt < deps.reconcileMs) {
        return this.jobs.awaitOutcome(job.id, job.startedAt + deps.reconcileMs, "waiting for WhatsApp to confirm an earlier attempt");
      }
      // Durable before any request leaves: output gates hold the fetch until this write is safe.
      this.jobs.markStarted(job.id, now);
      const epoch = this.#epoch;
      const outcome = await this.#dispatch(job, state, deps);
      // Erased while the attempt was out: its job row is gone (and its id may be reused).
      if (epoch !== this.#epoch) return;
      if (outcome.type === "done") this.jobs.complete(job.id);
      else if (outcome.type === "retry") this.jobs.reschedule(job.id, outcome.at, outcome.error);
      else this.jobs.awaitOutcome(job.id, outcome.at, outcome.error);
    } catch (err) {
      console.error(`Conversation:${this.name} job ${job.kind} failed`, err);
      this.jobs.reschedule(job.id, Date.now() + backoffMs(job.attempts + 1), String((err as Error).message ?? err));
    } finally {
      this.#running.delete(job.id);
    }
  }

  async #dispatch(job: Job, state: InternalState, deps: OutboxDeps): Promise<JobOutcome> {
    const payload = job.payload ? (JSON.parse(job.payload) as { messageId?: string }) : {};
    switch (job.kind) {
      case "send":
        return runSend(deps, job, {
          message: this.store.message(state.id, { id: payload.messageId! }),
          to: { waId: state.contact.waId, userId: state.contact.userId },
          phoneNumberId: state.phoneNumberId,
          conversationId: state.id,
        });
      case "media":
        return runMediaCopy(deps, job, this.store.message(state.id, { id: payload.messageId! }), state);
      case "read":
        return runMarkRead(deps, job, this.store.lastInboundWamid(), state.phoneNumberId);
      case "wake":
        this.#decide({ type: "wake" });
        return { type: "done" };
      case "sla":
        this.#decide({ type: "slaCheck" });
        return { type: "done" };
      case "bot":
        await this.#runBotTurn(state, JSON.parse(job.payload ?? "null") as BotPolicy);
        return { type: "done" };
      case "campaign": {
        // The campaign's object takes each report idempotently (it keeps the furthest status per recipient).
        const progress = JSON.parse(job.payload ?? "null") as CampaignProgress;
        await rpcStub(this.env, "Campaign", progress.campaignId).progress(progress);
        return { type: "done" };
      }
      default:
        console.error(`Conversation:${this.name} unknown job kind ${job.kind}`);
        return { type: "done" };
    }
  }

  // ---------- the assistant ----------

  /**
   * One bot turn: read what the customer said since the last answer, decide (intent rules and retrieval; the model
   * when configured, its words streamed to agents watching), then hand the outcome back as a command, which writes
   * it only if the bot still owns the conversation and nobody spoke meanwhile. A failure to read the knowledge
   * throws: the job retries with backoff. Provider errors and reached limits hand off (model-reply.ts).
   */
  async #runBotTurn(state: InternalState, policy: BotPolicy): Promise<void> {
    if (state.assigneeId !== BOT_AGENT_ID || state.status === "resolved") return;
    const input = this.store.botInput();
    const abort = new AbortController();
    this.#botTurn = abort;
    try {
      let decision: AssistantDecision;
      let tagged: Array<{ id: string; name: string }> = [];
      let summary: string | undefined;
      if (policy.dailyReplyLimit !== null && (await botRepliesToday(this.env.DB, state.workspaceId, policy, Date.now())) >= policy.dailyReplyLimit) {
        decision = handoff("daily_limit");
      } else {
        const index = await knowledgeIndexFor(this.env.DB, state.workspaceId);
        const model = this.modelFor(this.env);
        const draft = (text: string) => this.#broadcast([{ type: "bot_draft", text }]);
        const tags = model ? await workspaceTags(this.env.DB, state.workspaceId) : [];
        decision = model
          ? await decideWithModel(model, index, input.question, input.history, abort.signal, draft, tags.map((t) => t.name))
          : decideDefault(index, input.question, input.history);
        if (model) draft("");
        if (decision.actions?.tags) tagged = tags.filter((t) => decision.actions!.tags!.includes(t.name));
        // Model mode: whoever picks up a handoff gets the conversation summarised in the team's note.
        if (model && decision.handoff && !abort.signal.aborted) summary = await summaryFor(model, input, abort.signal);
      }
      if (abort.signal.aborted) return;
      this.#decide({ type: "botTurn", turn: { afterSeq: input.afterSeq, decision, policy, tags: tagged, summary } });
    } finally {
      if (this.#botTurn === abort) this.#botTurn = null;
    }
  }

  // ---------- sockets ----------

  #send(conn: Connection, frame: ConversationServerFrame): void {
    try {
      conn.send(JSON.stringify(frame));
    } catch {
      // A socket closing under us is not an error worth reporting.
    }
  }

  /** Sends frames to everyone allowed to see them; an agent who lost access (reassigned away) is disconnected. */
  #broadcast(frames: ConversationServerFrame[]): void {
    const state = this.#state();
    let payloads: string[] | null = null; // encoded once, and only if someone listens
    const now = Date.now();
    for (const conn of this.getConnections<SocketState>()) {
      const actor = conn.state?.actor;
      if (!actor || !state) continue;
      if (now - conn.state!.connectedAt > SOCKET_REAUTH_MS) {
        conn.close(CLOSE_REAUTHENTICATE, "reauthenticate");
        continue;
      }
      if (!canSee(state, actor)) {
        this.#send(conn, { type: "error", code: "forbidden", message: "This conversation is no longer visible to you." });
        conn.close(CLOSE_FORBIDDEN, "forbidden");
        continue;
      }
      payloads ??= frames.map((f) => JSON.stringify(f));
      for (const p of payloads) {
        try {
          conn.send(p);
        } catch {
          /* closing socket */
        }
      }
    }
  }

  /** Everything after `since`, in chunks; a full snapshot when the client starts from zero or from the future. */
  #catchUp(conn: Connection, since: number): void {
    const state = this.#state()!;
    if (since <= 0 || since > state.seq) {
      const page = this.store.page(state.id, null, SNAPSHOT_MESSAGES);
      this.#send(conn, { type: "snapshot", seq: state.seq, conversation: publicState(state), messages: page.messages, hasMore: page.hasMore });
      return;
    }
    let cursor = since;
    for (;;) {
      const messages = this.store.changedSince(state.id, cursor, CATCH_UP_CHUNK);
      const last = messages.length === CATCH_UP_CHUNK;
      const chunkSeq = last ? messages[messages.length - 1]!.updatedSeq : state.seq;
      const conversation = !last && state.updatedSeq > since ? publicState(state) : null;
      this.#send(conn, { type: "changes", seq: chunkSeq, conversation, messages });
      if (!last) break;
      cursor = chunkSeq;
    }
  }

  #presence(): void {
    const viewers = new Map<string, { agentId: string; name: string; typing: boolean }>();
    for (const conn of this.getConnections<SocketState>()) {
      const s = conn.state;
      if (!s) continue;
      const prev = viewers.get(s.actor.agentId);
      viewers.set(s.actor.agentId, { agentId: s.actor.agentId, name: s.actor.name, typing: (prev?.typing ?? false) || s.typing });
    }
    this.broadcast(JSON.stringify({ type: "presence", viewers: [...viewers.values()] } satisfies ConversationServerFrame));
  }

  onConnect(conn: Connection<SocketState>, ctx: ConnectionContext): void {
    try {
      const brought = decodeActor(ctx.request.headers.get(ACTOR_HEADER));
      const recheck = brought ? this.#recheckedActors.get(brought.agentId) : undefined;
      const actor = recheck && Date.now() - recheck.at <= RECHECK_OVERRIDE_MS ? recheck.actor : brought;
      const state = this.#state();
      if (!actor || !state || !canSee(state, actor)) {
        this.#send(conn, { type: "error", code: "forbidden", message: "You cannot open this conversation." });
        conn.close(CLOSE_FORBIDDEN, "forbidden");
        return;
      }
      conn.setState({ actor, typing: false, connectedAt: Date.now() });
      const since = Number(new URL(ctx.request.url).searchParams.get("since") ?? "0");
      this.#catchUp(conn, Number.isFinite(since) ? since : 0);
      this.#presence();
    } catch (err) {
      console.error(`Conversation:${this.name} onConnect`, err);
      this.#send(conn, { type: "error", code: "internal", message: "Could not open the conversation." });
      conn.close(1011, "internal error");
    }
  }

  onMessage(conn: Connection<SocketState>, raw: string | ArrayBuffer | ArrayBufferView): void {
    try {
      const parsed = conversationClientFrame.safeParse(JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw as ArrayBuffer)));
      if (!parsed.success || !conn.state) {
        this.#send(conn, { type: "error", code: "bad_frame", message: "Unrecognized frame." });
        return;
      }
      const frame = parsed.data;
      // A socket past its re-authentication time, or whose person lost sight of the conversation, gets nothing more.
      if (Date.now() - conn.state.connectedAt > SOCKET_REAUTH_MS) {
        conn.close(CLOSE_REAUTHENTICATE, "reauthenticate");
        return;
      }
      if (this.#refuseStale(conn, conn.state.actor, this.#state())) return;
      if (frame.type === "sync") this.#catchUp(conn, frame.since);
      else if (frame.type === "ping") this.#send(conn, { type: "pong" });
      else if (frame.type === "typing") {
        conn.setState({ ...conn.state, typing: frame.typing });
        this.#presence();
      }
    } catch {
      this.#send(conn, { type: "error", code: "bad_frame", message: "Frames must be JSON." });
    }
  }

  onClose(): void {
    this.#presence();
  }

  onError(): void {
    // Socket errors end in onClose; nothing else to do, and nothing to leak.
  }
}

/** The conversation so far, summarised by the model for a handoff note; none when the model cannot (the note still says why). */
async function summaryFor(model: LanguageModel, input: ReturnType<ConversationStore["botInput"]>, signal: AbortSignal): Promise<string | undefined> {
  const lines = [...input.history.map((h) => ({ direction: h.direction, author: null, text: h.text })), { direction: "in" as const, author: null, text: input.question }];
  try {
    return (await assist(model, "summarize", { lines }, signal)).slice(0, 1_500) || undefined;
  } catch {
    return undefined;
  }
}
