// The Workspace Durable Object, one per workspace: transport only (RPC from relays and the Worker, the inbox's
// list sockets, the one alarm). The jobs live in durable/workspace/: the live list (frames, counts, catch-up),
// routing (rules, queue, assignment), timers (grace, return timer, unattended alerts) and the D1 projection, over
// an in-memory index of open conversations. Pure decisions stay in durable/router.ts.
import { type Connection, type ConnectionContext, Server } from "partyserver";
import type { Actor, ConversationSummary, WhatsAppTemplate } from "../shared/model";
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED, type PresenceState, type WorkspaceServerFrame } from "../shared/protocol";
import { workspaceClientFrame } from "./client-frames";
import { ACTOR_HEADER, decodeActor } from "./conversation-api";
import { isSupervisor } from "./conversation-rules";
import { rpcStub } from "./stubs";
import { MeteredStorage } from "./work-meter";
import type { ConversationNotice, ConversationUpdate, ProjectionReject, RetentionSweep, WorkspaceRpc } from "./workspace-api";
import { loadWorkspaceConfig, type WorkspaceConfig } from "./workspace-config";
import { WorkspaceStore } from "./workspace-store";
import { type ActiveEntry, ActiveIndex, routingInputsChanged } from "./workspace/active-index";
import type { SocketState, WorkspaceContext } from "./workspace/context";
import { LiveList } from "./workspace/live-list";
import { PROJECTION_SAFETY_MS, ProjectionWriter } from "./workspace/projection-writer";
import { Routing } from "./workspace/routing";
import { SocketWatchers } from "./workspace/socket-watchers";
import { Timers } from "./workspace/timers";

const CONFIG_TTL_MS = 30_000;

/** The facts the index keeps of a conversation (none once it is resolved). */
function entryOf(summary: ConversationSummary, assignedAt: number | null): ActiveEntry | undefined {
  if (summary.status !== "open" && summary.status !== "snoozed") return undefined;
  return {
    id: summary.id,
    workspaceId: summary.workspaceId,
    status: summary.status,
    assigneeId: summary.assigneeId,
    teamId: summary.teamId,
    participantIds: summary.participantIds ?? [],
    waitingSince: summary.waitingSince,
    assignedAt,
    contactName: summary.contactName,
    channelId: summary.channelId,
    lastInboundAt: summary.lastInboundAt,
  };
}

export class Workspace extends Server<Env> implements WorkspaceRpc {
  static options = { hibernate: true };

  readonly storage: MeteredStorage;
  readonly store: WorkspaceStore;
  readonly index: ActiveIndex;
  readonly #list: LiveList;
  readonly #routing: Routing;
  readonly #timers: Timers;
  readonly #projection: ProjectionWriter;
  readonly #watchers: SocketWatchers;
  #config: { value: WorkspaceConfig; at: number } | null = null;
  /** The alarm time we last set (undefined: unknown in this instance; null: none pending). */
  #alarmAt: number | null | undefined = undefined;

  /** Calls from relays and the updates they carried, since this instance started (tests, debugging). */
  readonly received = { calls: 0, updates: 0 };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.storage = new MeteredStorage(ctx.storage, "Workspace");
    this.store = new WorkspaceStore(this.storage.sql);
    this.store.migrate();
    this.index = new ActiveIndex(this.store.activeRows());
    const workspace = this;
    const context: WorkspaceContext = {
      // partyserver sets the object's name after construction: read it when used.
      get name() {
        return workspace.name;
      },
      env,
      storage: this.storage,
      store: this.store,
      index: this.index,
      config: (force) => this.#configNow(force),
      cachedConfig: () => this.#config?.value ?? null,
      conversation: (id) => rpcStub(env, "Conversation", id),
      sockets: () => this.getConnections<SocketState>(),
      send: (conn, frame) => this.#send(conn, frame),
      toSupervisors: (frame) => this.#toSupervisors(frame),
      alarmBefore: (at) => this.#setAlarmBefore(at),
      projectionRequested: () => this.#projection.request(),
    };
    this.#list = new LiveList(context);
    this.#routing = new Routing(context);
    this.#timers = new Timers(context, this.#routing);
    this.#projection = new ProjectionWriter(context);
    this.#watchers = new SocketWatchers(context);
    this.#list.onFlushed = () => this.#timers.refreshAlerts();
    this.#routing.onAssigned = () => this.#list.countsChanged();
    this.#routing.onDrained = () => this.#timers.arm();
  }

  async #configNow(force = false): Promise<WorkspaceConfig> {
    if (force || !this.#config || Date.now() - this.#config.at > CONFIG_TTL_MS) {
      this.#config = { value: await loadWorkspaceConfig(this.env.DB, this.name), at: Date.now() };
    }
    return this.#config.value;
  }

  // ---------- RPC ----------

  /**
   * Updates of many conversations at once, as the relays hand them over (see workspace-relay.ts): stored in one
   * transaction before this resolves; routing and timers run only for conversations whose routing facts changed.
   */
  async publishBatch(received: ConversationUpdate[]): Promise<void> {
    this.received.calls++;
    this.received.updates += received.length;
    // A notification already on its way when its conversation was erased must not bring it back.
    const updates = this.store.withoutErased(received);
    const now = Date.now();
    const fresh = this.storage.transaction(() => {
      const applied = this.store.upsertBatch(updates, now);
      this.store.addEvents(updates.flatMap((u) => u.events));
      for (const { summary, notices } of updates) {
        for (const { notice } of notices) if (notice.kind === "route") this.store.setPendingRoute(summary.id, notice);
      }
      return applied;
    });
    let routeNeeded = false;
    const timing: Array<ActiveEntry | undefined> = [];
    for (const { summary, assignedAt, notices } of updates) {
      if (notices.some((n) => n.notice.kind === "route")) routeNeeded = true;
      for (const { notice } of notices) {
        if (notice.kind === "mention") this.#sendMention(summary.id, notice);
        if (notice.kind === "sla") this.#sendSla(summary.id, notice);
      }
      if (!fresh.has(summary.id)) continue;
      this.#list.changed(summary);
      const next = entryOf(summary, assignedAt);
      const prev = this.index.set(summary.id, next);
      if (!routingInputsChanged(prev, next)) continue;
      // Joined the queue, changed hands or left the open list (capacity freed): route. Otherwise only its timers moved.
      const queued = next?.status === "open" && next.assigneeId === null;
      if (queued || next?.status !== "open" || prev?.assigneeId !== next.assigneeId) routeNeeded = true;
      else timing.push(next);
    }
    this.#projection.request();
    // Off this call: the relay only needs to know the updates are stored.
    if (routeNeeded) void this.#routing.drain();
    else for (const entry of timing) void this.#timers.armFor(entry);
    void this.#routing.returnFromInactive(updates.map((u) => u.summary));
  }

  /**
   * Erasure (data rights): the conversations leave the store, the index and every open list at once. Resolves once
   * no projection run that might still carry them is in flight, so D1 rows deleted after this stay deleted.
   */
  async forgetConversations(ids: string[], erasedAt: number): Promise<void> {
    this.storage.transaction(() => this.store.forget(ids, erasedAt));
    for (const id of ids) this.index.set(id, undefined);
    this.#list.removed(ids);
    try {
      await this.#projection.writeNow();
    } catch {
      // D1 failing: the run that failed wrote nothing, and the next one no longer finds these rows.
    }
  }

  async sweepRetention(now?: number): Promise<RetentionSweep> {
    return this.#timers.sweepRetention(now ?? Date.now());
  }

  async reloadConfig(): Promise<void> {
    await this.#configNow(true);
    void this.#routing.drain();
  }

  async agentDeactivated(agentId: string): Promise<void> {
    for (const conn of this.getConnections<SocketState>()) {
      if (conn.state?.actor.agentId === agentId) conn.close(CLOSE_UNAUTHORIZED, "deactivated");
    }
    this.store.setPresence(agentId, "offline", false, null);
    this.#broadcastPresence();
    // Their conversation sockets too, at once (not at the next frame those conversations send).
    await this.#watchers.recheck([{ agentId, actor: null }]);
    await this.#routing.reroute(agentId, "deactivated");
    await this.reloadConfig();
  }

  async watching(agentId: string, conversationId: string): Promise<void> {
    this.#watchers.opened(agentId, conversationId);
  }

  async agentsChanged(actors: Actor[]): Promise<number> {
    const fresh = new Map(actors.filter((a) => a.workspaceId === this.name).map((a) => [a.agentId, a]));
    for (const conn of this.getConnections<SocketState>()) {
      const actor = conn.state && fresh.get(conn.state.actor.agentId);
      if (actor) {
        conn.setState({ ...conn.state!, actor });
        this.#list.sendCounts(conn, actor);
      }
    }
    return this.#watchers.recheck([...fresh.values()].map((actor) => ({ agentId: actor.agentId, actor })));
  }

  async channelAlert(channelId: string, errors: Array<{ code: number; title: string; details: string | null }>): Promise<void> {
    this.#toSupervisors({ type: "channel_alert", channelId, errors, at: Date.now() });
  }

  async templateChanged(template: WhatsAppTemplate): Promise<void> {
    for (const conn of this.getConnections<SocketState>()) if (conn.state) this.#send(conn, { type: "template", template });
  }

  async presence(): Promise<Array<{ agentId: string; state: PresenceState; openCount: number }>> {
    const open = this.index.openCounts();
    const presence = this.store.presence();
    const ids = new Set([...presence.keys(), ...open.keys()]);
    return [...ids].map((agentId) => ({ agentId, state: presence.get(agentId)?.state ?? "offline", openCount: open.get(agentId) ?? 0 }));
  }

  async projectionRejects(): Promise<ProjectionReject[]> {
    return this.store.projectionRejects();
  }

  // ---------- the alarm ----------

  async onAlarm(): Promise<void> {
    this.#alarmAt = null;
    await this.#projection.writeNow();
    // D1 still failing: keep a safety net armed in case this instance goes away before its retry.
    if (this.store.hasUnprojected()) await this.#setAlarmBefore(Date.now() + PROJECTION_SAFETY_MS);
    // The periodic full recompute: the incremental index starts over from what SQLite holds.
    if (this.index.rebuild(this.store.activeRows())) console.warn(`Workspace:${this.name} open counts had drifted; recomputed`);
    await this.#timers.run(Date.now(), (agentId) => this.#connected(agentId), () => this.#broadcastPresence());
    await this.#routing.drain();
  }

  async #setAlarmBefore(at: number): Promise<void> {
    if (this.#alarmAt === undefined) {
      const current = await this.storage.getAlarm();
      // Another caller may have set one while we read: theirs is newer than what we read.
      if (this.#alarmAt === undefined) this.#alarmAt = current;
    }
    // An earlier alarm (even one due now) will run and re-arm for everything, this included.
    if (this.#alarmAt !== null && this.#alarmAt <= at) return;
    // Recorded before the write, so a concurrent caller with a later time does not overwrite this one.
    this.#alarmAt = at;
    await this.storage.setAlarm(at);
  }

  // ---------- sockets ----------

  #send(conn: Connection, frame: WorkspaceServerFrame): void {
    try {
      conn.send(JSON.stringify(frame));
    } catch {
      /* socket closing */
    }
  }

  #toSupervisors(frame: WorkspaceServerFrame): void {
    let encoded: string | null = null;
    for (const conn of this.getConnections<SocketState>()) {
      if (!conn.state || !isSupervisor(conn.state.actor)) continue;
      encoded ??= JSON.stringify(frame);
      try {
        conn.send(encoded);
      } catch {
        /* socket closing */
      }
    }
  }

  #sendMention(conversationId: string, notice: { messageId: string; agentIds: string[]; byName: string; text: string }): void {
    for (const conn of this.getConnections<SocketState>()) {
      if (conn.state && notice.agentIds.includes(conn.state.actor.agentId)) {
        this.#send(conn, { type: "mention", conversationId, messageId: notice.messageId, byName: notice.byName, text: notice.text });
      }
    }
  }

  /** An SLA warning or breach: to the conversation's owner and every supervisor connected. */
  #sendSla(conversationId: string, notice: Extract<ConversationNotice, { kind: "sla" }>): void {
    const frame: WorkspaceServerFrame = { type: "sla", conversationId, stage: notice.stage, slaKind: notice.slaKind, dueAt: notice.dueAt };
    for (const conn of this.getConnections<SocketState>()) {
      if (conn.state && (conn.state.actor.agentId === notice.agentId || isSupervisor(conn.state.actor))) this.#send(conn, frame);
    }
  }

  #connected(agentId: string, except?: string): boolean {
    for (const conn of this.getConnections<SocketState>()) if (conn.id !== except && conn.state?.actor.agentId === agentId) return true;
    return false;
  }

  #broadcastPresence(): void {
    const agents = [...this.store.presence()].map(([agentId, p]) => ({ agentId, state: p.state }));
    const encoded = JSON.stringify({ type: "presence", agents } satisfies WorkspaceServerFrame);
    for (const conn of this.getConnections<SocketState>()) {
      try {
        conn.send(encoded);
      } catch {
        /* socket closing */
      }
    }
  }

  async onConnect(conn: Connection<SocketState>, ctx: ConnectionContext): Promise<void> {
    const actor = decodeActor(ctx.request.headers.get(ACTOR_HEADER));
    if (!actor || actor.workspaceId !== this.name) {
      this.#send(conn, { type: "error", code: "forbidden", message: "Not your workspace." });
      conn.close(CLOSE_FORBIDDEN, "forbidden");
      return;
    }
    conn.setState({ actor, connectedAt: Date.now() });
    const since = Number(new URL(ctx.request.url).searchParams.get("since") ?? "");
    if (Number.isFinite(since) && since > 0) this.#list.catchUp(conn, actor, since);
    const previous = this.store.presence().get(actor.agentId);
    const away = previous?.away ?? false;
    this.store.setPresence(actor.agentId, away ? "away" : "online", away, null);
    this.#broadcastPresence();
    this.#list.sendCounts(conn, actor);
    if (isSupervisor(actor)) this.#send(conn, { type: "alerts", unattended: this.#timers.unattended(await this.#configNow(), Date.now()) });
    // Someone came online: the queue may drain now.
    if (previous?.state !== "online") void this.#routing.drain();
  }

  async onClose(conn: Connection<SocketState>): Promise<void> {
    this.#list.forget(conn);
    const agentId = conn.state?.actor.agentId;
    if (!agentId || this.#connected(agentId, conn.id)) return;
    // A reload or a flaky phone reconnects within the grace period and never looks offline.
    const config = await this.#configNow();
    const p = this.store.presence().get(agentId);
    this.store.setPresence(agentId, p?.state ?? "online", p?.away ?? false, Date.now() + config.settings.offlineGraceMs);
    await this.#timers.arm();
  }

  onMessage(conn: Connection<SocketState>, raw: string | ArrayBuffer | ArrayBufferView): void {
    try {
      const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw as ArrayBuffer);
      const parsed = workspaceClientFrame.safeParse(JSON.parse(text));
      if (!parsed.success || !conn.state) return this.#send(conn, { type: "error", code: "bad_frame", message: "Unrecognized frame." });
      if (parsed.data.type === "ping") return this.#send(conn, { type: "pong" });
      const away = parsed.data.state === "away";
      this.store.setPresence(conn.state.actor.agentId, away ? "away" : "online", away, null);
      this.#broadcastPresence();
      if (!away) void this.#routing.drain();
    } catch {
      this.#send(conn, { type: "error", code: "bad_frame", message: "Frames must be JSON." });
    }
  }

  onError(): void {}
}
