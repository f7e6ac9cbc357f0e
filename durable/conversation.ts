// The Conversation Durable Object: one per WhatsApp contact per channel. It owns the messages and serializes
// everything that can race (webhook retries, claims, replies, statuses), broadcasts every change over WebSockets
// and drains its outbox (Graph sends, media copies, D1 projection) from its alarm.
// Transport only: the rules live in conversation-rules/changes, agent-actions and outbox.
import { type Connection, type ConnectionContext, Server } from "partyserver";
import type { Actor, ConversationStatus, Message, Priority } from "../shared/model";
import { CLOSE_FORBIDDEN, CLOSE_REAUTHENTICATE, type ConversationServerFrame, SOCKET_REAUTH_MS } from "../shared/protocol";
import { conversationClientFrame } from "./client-frames";
import { GraphClient } from "./graph-client";
import { markRead, reply, sendAttachment } from "./agent-actions";
import { changeTags, linkContact, setPriority, setStatus, wake } from "./conversation-status";
import { applyRouting, assign, autoAssign, claim, giveToBot, handoff, type Person, release, returnToQueue, type Team, transfer } from "./ownership";
import type { RoutingDecision } from "./workspace-api";
import { relayStub } from "./workspace-relay";
import {
  ACTOR_HEADER,
  type AttachmentInput,
  type ConversationRpc,
  decodeActor,
  type ConversationView,
  fail,
  type IngestBatch,
  type IngestResult,
  type MessagePage,
  ok,
  type ReplyInput,
  type Result,
} from "./conversation-api";
import { type ChangeContext, type Frame, ingestBatch } from "./conversation-changes";
import { canSee, windowClosesAt } from "./conversation-rules";
import { ConversationStore, publicState } from "./conversation-store";
import { backoffMs, type Job, JobQueue } from "./job-queue";
import { type JobOutcome, type OutboxDeps, runMarkRead, runMediaCopy, runSend } from "./outbox";
import { contactRecordOf, summaryOf } from "./projection";

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

export class Conversation extends Server<Env> implements ConversationRpc {
  static options = { hibernate: true };

  readonly store: ConversationStore;
  readonly jobs: JobQueue;
  /** Job ids with an attempt in flight in this instance; a started job not in here was interrupted by a restart. */
  readonly #running = new Set<number>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage.sql);
    this.jobs = new JobQueue(ctx.storage.sql, ctx.storage);
    // Schema in the constructor, not onStart: RPC calls from the Worker skip partyserver's onStart.
    this.store.migrate();
  }

  // ---------- changes ----------

  /** Runs a change in one transaction; broadcasts its frames only after it committed. */
  #change<T>(fn: (c: ChangeContext) => T): T {
    const c: ChangeContext = { store: this.store, jobs: this.jobs, now: Date.now(), frames: [] };
    let result: T;
    try {
      result = this.ctx.storage.transactionSync(() => fn(c));
    } finally {
      // A rolled-back transaction must not leave its uncommitted state cached.
      this.store.forget();
    }
    if (c.frames.length) this.#broadcastFrames(c.frames);
    return result;
  }

  async #afterChange(): Promise<void> {
    await this.jobs.arm();
    // The live list should not wait for the alarm: run the notification now (the alarm is the safety net).
    this.#kick("notify");
  }

  #actorAllowed(actor: Actor): Result<true> {
    const state = this.store.state();
    // Someone else's or a nonexistent conversation look the same from outside: 404, nothing leaks.
    if (!state || !canSee(state, actor)) return fail(404, "not_found", "Conversation not found.");
    return ok(true);
  }

  /** An agent action: visibility check, one transaction, then the outbox. */
  async #act<T>(actor: Actor, fn: (c: ChangeContext) => Result<T>): Promise<Result<T>> {
    const allowed = this.#actorAllowed(actor);
    if (!allowed.ok) return allowed;
    const result = this.#change(fn);
    await this.#afterChange();
    return result;
  }

  /** A system action (router, timers): no actor, but the conversation must exist. */
  async #system<T>(fn: (c: ChangeContext) => Result<T>): Promise<Result<T>> {
    if (!this.store.state()) return fail(404, "not_found", "Conversation not found.");
    const result = this.#change(fn);
    await this.#afterChange();
    return result;
  }

  // ---------- RPC from the Worker ----------

  /** Webhook path: store messages exactly once, apply statuses. Resolves only once everything is durable. */
  async ingest(batch: IngestBatch): Promise<IngestResult> {
    const result = this.#change((c) => ingestBatch(c, batch.ref, batch.messages, batch.statuses));
    await this.#afterChange();
    return result;
  }

  async view(actor: Actor): Promise<Result<ConversationView>> {
    const allowed = this.#actorAllowed(actor);
    if (!allowed.ok) return allowed;
    const state = this.store.state()!;
    return ok({ conversation: publicState(state), windowClosesAt: windowClosesAt(state.lastInboundAt) });
  }

  async messages(actor: Actor, before: { sentAt: number; seq: number } | null, limit: number): Promise<Result<MessagePage>> {
    const allowed = this.#actorAllowed(actor);
    if (!allowed.ok) return allowed;
    return ok(this.store.page(this.store.state()!.id, before, limit));
  }

  async message(actor: Actor, id: string): Promise<Result<Message>> {
    const allowed = this.#actorAllowed(actor);
    if (!allowed.ok) return allowed;
    const message = this.store.message(this.store.state()!.id, { id });
    return message ? ok(message) : fail(404, "not_found", "Message not found.");
  }

  reply(actor: Actor, input: ReplyInput): Promise<Result<{ message: Message; duplicate: boolean }>> {
    return this.#act(actor, (c) => reply(c, actor, input));
  }

  sendAttachment(actor: Actor, input: AttachmentInput): Promise<Result<{ message: Message; duplicate: boolean }>> {
    return this.#act(actor, (c) => sendAttachment(c, actor, input));
  }

  async claim(actor: Actor): Promise<Result<{ assigneeId: string }>> {
    // Losers of a claim race must learn who won (409), even though the conversation just left their view.
    const state = this.store.state();
    if (!state || state.workspaceId !== actor.workspaceId) return fail(404, "not_found", "Conversation not found.");
    const result = this.#change((c) => claim(c, actor));
    await this.#afterChange();
    return result;
  }

  release(actor: Actor): Promise<Result<{ assigneeId: null }>> {
    return this.#act(actor, (c) => release(c, actor));
  }

  transfer(actor: Actor, to: { agent?: Person; team?: Team }, note?: string): Promise<Result<{ assigneeId: string | null; teamId: string | null }>> {
    return this.#act(actor, (c) => transfer(c, actor, to, note));
  }

  assign(actor: Actor, agent: Person | null): Promise<Result<{ assigneeId: string | null }>> {
    return this.#act(actor, (c) => assign(c, actor, agent));
  }

  setStatus(actor: Actor, status: "open" | "snoozed" | "resolved", snoozedUntil?: number): Promise<Result<{ status: ConversationStatus }>> {
    return this.#act(actor, (c) => setStatus(c, actor, status, snoozedUntil));
  }

  setPriority(actor: Actor, priority: Priority): Promise<Result<{ priority: Priority }>> {
    return this.#act(actor, (c) => setPriority(c, actor, priority));
  }

  changeTags(actor: Actor, add: Array<{ id: string; name: string }>, remove: Array<{ id: string; name: string }>): Promise<Result<{ tagIds: string[] }>> {
    return this.#act(actor, (c) => changeTags(c, actor, add, remove));
  }

  markRead(actor: Actor): Promise<Result<{ unreadCount: 0 }>> {
    return this.#act(actor, (c) => markRead(c));
  }

  /** For the socket gate: may this actor open this conversation's socket? */
  async authorize(actor: Actor): Promise<boolean> {
    return this.#actorAllowed(actor).ok;
  }

  // ---------- RPC from the workspace object (router and timers) and the AI assistant ----------

  autoAssign(agent: Person, how: string): Promise<Result<{ assigneeId: string }>> {
    return this.#system((c) => autoAssign(c, agent, how));
  }

  returnToQueue(expectedAssigneeId: string, reason: "no_answer" | "offline" | "deactivated"): Promise<Result<{ returned: boolean }>> {
    return this.#system((c) => returnToQueue(c, expectedAssigneeId, reason));
  }

  applyRouting(decision: RoutingDecision, ruleName: string): Promise<Result<true>> {
    return this.#system((c) => applyRouting(c, decision, ruleName));
  }

  handoff(reason: string, team: Team | null): Promise<Result<{ status: "open" }>> {
    return this.#system((c) => handoff(c, reason, team));
  }

  giveToBot(actor: Actor | null): Promise<Result<{ assigneeId: string }>> {
    return this.#system((c) => giveToBot(c, actor));
  }

  /** From the contacts API (which checked the caller): keep the contact's name and merges in step. */
  linkContact(update: { contactId?: string; name?: string | null }): Promise<Result<true>> {
    return this.#system((c) => linkContact(c, update));
  }

  // ---------- outbox ----------

  #graph(): GraphClient {
    const state = this.store.state()!;
    const token = (this.env as unknown as Record<string, unknown>)[state.tokenRef];
    return new GraphClient({
      base: this.env.GRAPH_API_BASE,
      version: this.env.GRAPH_API_VERSION,
      token: typeof token === "string" ? token : "",
      loopback: (request) => this.ctx.exports.default.fetch(request),
      timeoutMs: this.env.GRAPH_TIMEOUT_MS ? Number(this.env.GRAPH_TIMEOUT_MS) : undefined,
    });
  }

  #outboxDeps(): OutboxDeps {
    return {
      graph: this.#graph(),
      media: this.env.MEDIA,
      change: (fn) => this.#change(fn),
      now: () => Date.now(),
      reconcileMs: Number(this.env.SEND_RECONCILE_MS ?? 120_000),
      maxAttempts: 8,
    };
  }

  async onAlarm(): Promise<void> {
    this.jobs.alarmFired();
    const due = this.jobs.due(Date.now()).filter((job) => !this.#running.has(job.id));
    await Promise.all(due.map((job) => this.#runJob(job)));
    await this.jobs.arm();
  }

  /** Runs a waiting job now instead of at its due time (the live list should not wait for an alarm). */
  #kick(key: string): void {
    const job = this.jobs.byKey(key);
    if (job && !this.#running.has(job.id)) void this.#runJob(job);
  }

  async #runJob(job: Job): Promise<void> {
    this.#running.add(job.id);
    try {
      if (!this.store.state()) return this.jobs.complete(job.id);
      const now = Date.now();
      const reconcileMs = this.#outboxDeps().reconcileMs;
      // A send whose last attempt has no known outcome (restart mid-request, timeout) may already be on the
      // customer's phone: wait for its status webhook to settle it before sending again.
      if (job.kind === "send" && job.startedAt !== null && now - job.startedAt < reconcileMs) {
        return this.jobs.awaitOutcome(job.id, job.startedAt + reconcileMs, "waiting for WhatsApp to confirm an earlier attempt");
      }
      // Durable before any request leaves: output gates hold the fetch until this write is safe.
      this.jobs.markStarted(job.id, now);
      const outcome = await this.#dispatch(job);
      if (outcome.type === "done") {
        this.jobs.complete(job.id);
        if (this.jobs.byKey(job.key)) {
          // Enqueued again while this ran (a newer change): go once more right away.
          if (job.kind === "notify") queueMicrotask(() => this.#kick("notify"));
        } else if (this.jobs.count() === 0) {
          // Nothing left: the safety alarm would only wake the object to find that out.
          await this.jobs.disarm();
        }
      } else if (outcome.type === "retry") this.jobs.reschedule(job.id, outcome.at, outcome.error);
      else this.jobs.awaitOutcome(job.id, outcome.at, outcome.error);
    } catch (err) {
      console.error(`Conversation:${this.name} job ${job.kind} failed`, err);
      this.jobs.reschedule(job.id, Date.now() + backoffMs(job.attempts + 1), String((err as Error).message ?? err));
    } finally {
      this.#running.delete(job.id);
    }
  }

  async #dispatch(job: Job): Promise<JobOutcome> {
    const state = this.store.state()!;
    const payload = job.payload ? (JSON.parse(job.payload) as { messageId?: string }) : {};
    switch (job.kind) {
      case "send": {
        return runSend(this.#outboxDeps(), job, {
          message: this.store.message(state.id, { id: payload.messageId! }),
          to: { waId: state.contact.waId, userId: state.contact.userId },
          phoneNumberId: state.phoneNumberId,
          conversationId: state.id,
        });
      }
      case "media":
        return runMediaCopy(this.#outboxDeps(), job, this.store.message(state.id, { id: payload.messageId! }), state);
      case "read":
        return runMarkRead(this.#outboxDeps(), job, this.store.lastInboundWamid(), state.phoneNumberId);
      case "notify": {
        const current = this.store.state()!;
        const notices = this.store.notices();
        const reportEvents = this.store.unexportedEvents(EVENTS_PER_NOTIFY + 1);
        const handed = reportEvents.slice(0, EVENTS_PER_NOTIFY);
        const { ackedNoticeId } = await relayStub(this.env, current.workspaceId, current.id).publish({
          summary: summaryOf(current),
          assignedAt: current.assignedAt,
          notices,
          createdAt: current.createdAt,
          contact: contactRecordOf(current),
          events: handed,
        });
        this.ctx.storage.transactionSync(() => {
          this.store.dropNotices(ackedNoticeId);
          this.store.markExported(handed.map((e) => e.id));
          // A long backlog of events (after an outage) goes over in several notifications.
          if (reportEvents.length > handed.length) this.jobs.enqueue("notify", "notify", Date.now());
        });
        return { type: "done" };
      }
      case "wake":
        this.#change((c) => wake(c));
        await this.#afterChange();
        return { type: "done" };
      default:
        console.error(`Conversation:${this.name} unknown job kind ${job.kind}`);
        return { type: "done" };
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
  #broadcastFrames(frames: Frame[]): void {
    const state = this.store.state();
    const payloads = frames.map((f) => JSON.stringify(f));
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
    const state = this.store.state()!;
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
      const actor = decodeActor(ctx.request.headers.get(ACTOR_HEADER));
      const state = this.store.state();
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
