// The Workspace Durable Object: one per workspace. It feeds every agent's live conversation list and counts,
// tracks presence, and is the routing engine: rules, the queue (oldest waiting first), round-robin / least-busy
// assignment within capacity, the return timer, offline rerouting with a grace period and unattended alerts.
// Conversations publish to it through their outbox, off the webhook's critical path; list frames are coalesced.
import { type Connection, type ConnectionContext, Server } from "partyserver";
import { type Actor, BOT_AGENT_ID, type ConversationSummary } from "../shared/model";
import { CLOSE_FORBIDDEN, CLOSE_REAUTHENTICATE, CLOSE_UNAUTHORIZED, type PresenceState, SOCKET_REAUTH_MS, type WorkspaceServerFrame } from "../shared/protocol";
import { workspaceClientFrame } from "./client-frames";
import { firstMatchingRule } from "../shared/routing";
import { ACTOR_HEADER, decodeActor } from "./conversation-api";
import { canSee, isSupervisor } from "./conversation-rules";
import { eligible, pickAgent, queueOrder } from "./router";
import type { ConversationNotice, ConversationUpdate, RoutableConversation, WorkspaceRpc } from "./workspace-api";
import { projectionDatabase } from "./projection-database";
import { backoffMs } from "./job-queue";
import { rpcStub } from "./stubs";
import { writeProjection } from "./projection";
import { contactFacts, loadWorkspaceConfig, type WorkspaceConfig } from "./workspace-config";
import { type MirrorRow, WorkspaceStore } from "./workspace-store";
import { MeteredStorage } from "./work-meter";

/** Window in which list updates are merged into one frame once traffic is flowing. */
const COALESCE_MS = 25;
const CONFIG_TTL_MS = 30_000;
/** Changes are written to D1 this long after they arrive, batched across conversations. */
const PROJECTION_DELAY_MS = 200;
/** If this instance disappears with changes not yet in D1, the alarm picks them up after this. */
const PROJECTION_SAFETY_MS = 5_000;
const PROJECTION_ROWS = 100;
const PROJECTION_EVENTS = 300;
const PROJECTION_BATCHES_PER_RUN = 20;
const CATCH_UP_CHUNK = 500;
/** While conversations wait and someone might free up, look again at least this often. */
const QUEUE_RECHECK_MS = 30_000;

type SocketState = { actor: Actor; connectedAt: number };

export class Workspace extends Server<Env> implements WorkspaceRpc {
  static options = { hibernate: true };

  readonly store: WorkspaceStore;
  readonly storage: MeteredStorage;
  #config: { value: WorkspaceConfig; at: number } | null = null;
  #pending = new Map<string, ConversationSummary>();
  #lastFlush = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #draining = false;
  #drainAgain = false;
  /** Conversations with a routing call in flight (never two at once for one conversation). */
  #routing = new Set<string>();
  /** The conversations in the last alerts frame supervisors got. */
  #alerted = new Set<string>();
  #projectionTimer: ReturnType<typeof setTimeout> | null = null;
  #projecting = false;
  #projectionFailures = 0;
  /** Last counts frame each socket got (memory only: after a restart everyone simply gets fresh counts). */
  #lastCounts = new Map<string, string>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.storage = new MeteredStorage(ctx.storage, "Workspace");
    this.store = new WorkspaceStore(this.storage.sql);
    this.store.migrate();
  }

  async #configNow(force = false): Promise<WorkspaceConfig> {
    if (force || !this.#config || Date.now() - this.#config.at > CONFIG_TTL_MS) {
      this.#config = { value: await loadWorkspaceConfig(this.env.DB, this.name), at: Date.now() };
    }
    return this.#config.value;
  }

  #conversation(id: string): RoutableConversation {
    return rpcStub(this.env, "Conversation", id);
  }

  // ---------- RPC ----------

  /** Calls from relays and the updates they carried, since this instance started (tests, debugging). */
  readonly received = { calls: 0, updates: 0 };

  /** Updates of many conversations at once, as the relays hand them over (see workspace-relay.ts). */
  async publishBatch(updates: ConversationUpdate[]): Promise<void> {
    this.received.calls++;
    this.received.updates += updates.length;
    const now = Date.now();
    let routeNeeded = false;
    const timers: ConversationUpdate[] = [];
    this.storage.transaction(() => {
      for (const update of updates) {
        const { summary } = update;
        const fresh = this.store.upsert(summary, update.assignedAt, now, { createdAt: update.createdAt, contact: update.contact });
        this.store.addEvents(update.events);
        let route = false;
        if (fresh) {
          this.#pending.set(summary.id, summary);
          route = summary.status === "open" && summary.assigneeId === null;
        }
        for (const { notice } of update.notices) {
          if (notice.kind === "route") {
            this.store.setPendingRoute(summary.id, notice);
            route = true;
          }
        }
        // Capacity may have been freed (resolved, released) or a conversation joined the queue: route.
        if (route || summary.status !== "open") routeNeeded = true;
        else timers.push(update);
      }
    });
    for (const { summary, notices } of updates) for (const { notice } of notices) if (notice.kind === "mention") this.#sendMention(summary.id, notice);
    this.#scheduleFlush();
    this.#scheduleProjection();
    // Off this call: the relay (or conversation) only needs to know the updates are stored.
    if (routeNeeded) void this.#drain();
    else for (const update of timers) void this.#armFor(update.summary, update.assignedAt);
    void this.#returnFromInactive(updates.map((u) => u.summary));
  }

  /**
   * An assignment can reach us after its assignee was deactivated (it was on its way through a relay when
   * `agentDeactivated` rerouted what we knew of): give such conversations back to the queue too.
   */
  async #returnFromInactive(summaries: ConversationSummary[]): Promise<void> {
    const owned = (people: Map<string, unknown>) =>
      summaries.filter((s) => s.assigneeId && s.assigneeId !== BOT_AGENT_ID && (s.status === "open" || s.status === "snoozed") && !people.has(s.assigneeId));
    if (!owned((await this.#configNow()).people).length) return;
    // Someone who joined since the cache was filled is not a stranger: look again with fresh data first.
    for (const s of owned((await this.#configNow(true)).people)) {
      const result = await this.#conversation(s.id).returnToQueue(s.assigneeId!, "deactivated");
      if (result.ok && result.value.returned) this.#toSupervisors({ type: "returned", conversationId: s.id, agentId: s.assigneeId!, agentName: s.assigneeName, reason: "deactivated" });
    }
  }

  async reloadConfig(): Promise<void> {
    await this.#configNow(true);
    void this.#drain();
  }

  async agentDeactivated(agentId: string): Promise<void> {
    for (const conn of this.getConnections<SocketState>()) {
      if (conn.state?.actor.agentId === agentId) conn.close(CLOSE_UNAUTHORIZED, "deactivated");
    }
    this.store.setPresence(agentId, "offline", false, null);
    this.#broadcastPresence();
    await this.#reroute(agentId, "deactivated");
    await this.reloadConfig();
  }

  async channelAlert(channelId: string, errors: Array<{ code: number; title: string; details: string | null }>): Promise<void> {
    this.#toSupervisors({ type: "channel_alert", channelId, errors, at: Date.now() });
  }

  async presence(): Promise<Array<{ agentId: string; state: PresenceState; openCount: number }>> {
    const open = this.store.openCounts();
    const presence = this.store.presence();
    const ids = new Set([...presence.keys(), ...open.keys()]);
    return [...ids].map((agentId) => ({ agentId, state: presence.get(agentId)?.state ?? "offline", openCount: open.get(agentId) ?? 0 }));
  }

  // ---------- D1 projection ----------

  /**
   * Writes what changed to D1 shortly after it arrives, many conversations per batch. A timer gives low latency;
   * the alarm is the safety net if this instance goes away first (the rows wait in SQLite, nothing is lost).
   */
  #scheduleProjection(delay = PROJECTION_DELAY_MS): void {
    if (this.#projectionTimer || this.#projecting) return;
    this.#projectionTimer = setTimeout(() => {
      this.#projectionTimer = null;
      void this.#project();
    }, delay);
    void this.#setAlarmBefore(Date.now() + delay + PROJECTION_SAFETY_MS);
  }

  async #project(): Promise<void> {
    if (this.#projecting) return;
    this.#projecting = true;
    let failed = false;
    try {
      for (let batch = 0; batch < PROJECTION_BATCHES_PER_RUN; batch++) {
        const { records, events } = this.store.unprojected(PROJECTION_ROWS, PROJECTION_EVENTS);
        if (!records.length && !events.length) break;
        await writeProjection(projectionDatabase(this.env), records, events);
        this.store.markProjected(records, events.map((e) => e.id));
        this.#projectionFailures = 0;
      }
    } catch (err) {
      failed = true;
      this.#projectionFailures++;
      console.warn(`Workspace:${this.name} D1 projection failed (attempt ${this.#projectionFailures}); will retry`, (err as Error).message);
    } finally {
      this.#projecting = false;
    }
    if (this.store.hasUnprojected()) this.#scheduleProjection(failed ? backoffMs(this.#projectionFailures) : 0);
  }

  // ---------- routing ----------

  #available(): (agentId: string) => boolean {
    const presence = this.store.presence();
    return (id) => presence.get(id)?.state === "online";
  }

  /** Runs routing passes one at a time; a request during a pass triggers one more pass after it. */
  async #drain(): Promise<void> {
    if (this.#draining) {
      this.#drainAgain = true;
      return;
    }
    this.#draining = true;
    try {
      do {
        this.#drainAgain = false;
        await this.#drainOnce();
      } while (this.#drainAgain);
    } catch (err) {
      console.error(`Workspace:${this.name} routing pass failed`, err);
    } finally {
      this.#draining = false;
      await this.#armTimers();
    }
  }

  async #drainOnce(): Promise<void> {
    const config = await this.#configNow();
    // Rules first (new and reopened conversations), then assignment in queue order.
    for (const row of this.store.pendingRoutes()) await this.#applyRules(row, config);
    const available = this.#available();
    const automatic = (channelId: string) => (config.channels.get(channelId)?.routingPolicy ?? "round_robin") !== "manual";
    // Nobody online, or only manual numbers: nothing to assign, skip the counting.
    if (![...config.people.keys()].some(available) || ![...config.channels.keys()].some(automatic)) return;
    const counts = this.store.openCounts();
    const rotation = this.store.lastAssigned();
    const state = { available, openCount: (id: string) => counts.get(id) ?? 0, lastAssignedAt: (id: string) => rotation.get(id) ?? 0 };
    const hasRoom = () => [...config.people.values()].some((p) => available(p.id) && state.openCount(p.id) < p.capacity);
    // Nobody free (the common case under load): do not even read the queue.
    if (!hasRoom()) return;
    const waiting = queueOrder(this.store.queued().filter((r) => automatic(r.channelId)).map((r) => ({ ...r, queuedAt: r.queuedAt! })));
    for (const row of waiting) {
      if (!hasRoom()) break;
      if (this.#routing.has(row.id)) continue;
      const policy = config.channels.get(row.channelId)?.routingPolicy ?? "round_robin";
      // A team deleted since the conversation joined it no longer restricts who may take it.
      const teamId = row.teamId && config.teams.has(row.teamId) ? row.teamId : null;
      const agent = pickAgent(eligible(config.people.values(), teamId, state), policy, state);
      if (!agent) continue;
      this.#routing.add(row.id);
      try {
        const result = await this.#conversation(row.id).autoAssign({ id: agent.id, name: agent.name }, policy);
        if (result.ok) {
          const now = Date.now();
          this.store.markAssigned(row.id, agent.id, now);
          this.store.recordAssignment(agent.id, now);
          counts.set(agent.id, (counts.get(agent.id) ?? 0) + 1);
          rotation.set(agent.id, now);
        }
      } finally {
        this.#routing.delete(row.id);
      }
    }
  }

  /** A new or reopened conversation: apply the first matching rule (team, tags, priority, assignee). */
  async #applyRules(row: MirrorRow, config: WorkspaceConfig): Promise<void> {
    const route = row.pendingRoute!;
    try {
      if (route.reason === "reopened" && row.assigneeId && row.assigneeId !== BOT_AGENT_ID && !this.#available()(row.assigneeId)) {
        // The previous owner is not here: do not let the customer wait for them.
        const result = await this.#conversation(row.id).returnToQueue(row.assigneeId, "offline");
        if (result.ok && result.value.returned) {
          this.#toSupervisors({ type: "returned", conversationId: row.id, agentId: row.assigneeId, agentName: config.people.get(row.assigneeId)?.name ?? null, reason: "offline" });
        }
      }
      if ((route.reason === "new" || route.reason === "reopened") && (config.rules.length || config.channels.get(row.channelId)?.defaultTeamId)) {
        const needsContact = config.rules.some((r) => r.conditions.contactTagIds?.length || r.conditions.contactAttribute);
        const facts = needsContact ? await contactFacts(this.env.DB, row.summary.contactId) : { tagIds: [], attributes: {} };
        const rule = firstMatchingRule(config.rules, {
          text: route.text,
          channelId: row.channelId,
          phone: route.phone,
          contactTagIds: facts.tagIds,
          contactAttributes: facts.attributes,
          referral: route.referral,
        });
        const teamId = rule?.actions.teamId ?? (route.reason === "new" && !row.teamId ? config.channels.get(row.channelId)?.defaultTeamId ?? undefined : undefined);
        if (rule || teamId) {
          const { assigneeId, ...actions } = rule?.actions ?? {};
          const applied = await this.#conversation(row.id).applyRouting({ ...actions, teamId, teamName: teamId ? config.teams.get(teamId)?.name : undefined }, rule?.name ?? "default team");
          if (applied.ok && teamId) this.store.markTeam(row.id, teamId);
          const person = assigneeId ? config.people.get(assigneeId) : undefined;
          if (person && this.#available()(person.id) && (this.store.openCounts().get(person.id) ?? 0) < person.capacity) {
            const result = await this.#conversation(row.id).autoAssign({ id: person.id, name: person.name }, `rule: ${rule!.name}`);
            if (result.ok) this.store.markAssigned(row.id, person.id, Date.now());
          }
        }
      }
      this.store.setPendingRoute(row.id, null);
    } catch (err) {
      // Left pending: the next pass (or the alarm) tries again.
      console.error(`Workspace:${this.name} rules for ${row.id} failed`, err);
    }
  }

  async #reroute(agentId: string, reason: "offline" | "deactivated"): Promise<void> {
    for (const row of this.store.openOwnedBy(agentId)) {
      const result = await this.#conversation(row.id).returnToQueue(agentId, reason);
      if (result.ok && result.value.returned) this.#toSupervisors({ type: "returned", conversationId: row.id, agentId, agentName: this.#config?.value.people.get(agentId)?.name ?? null, reason });
    }
  }

  // ---------- timers: offline grace, return timer, unattended alerts ----------

  async onAlarm(): Promise<void> {
    this.#alarmAt = null;
    if (this.store.hasUnprojected()) await this.#project();
    const now = Date.now();
    const config = await this.#configNow();
    let presenceChanged = false;
    for (const [agentId, p] of this.store.presence()) {
      if (p.offlineDue !== null && p.offlineDue <= now && !this.#connected(agentId)) {
        this.store.setPresence(agentId, "offline", p.away, null);
        presenceChanged = true;
        await this.#reroute(agentId, "offline");
      }
    }
    if (presenceChanged) this.#broadcastPresence();
    if (config.settings.returnAfterMs !== null) {
      for (const row of this.store.waitingSince(now - config.settings.returnAfterMs)) {
        if (!row.assigneeId || row.assigneeId === BOT_AGENT_ID) continue;
        const due = Math.max(row.waitingSince!, row.assignedAt ?? 0) + config.settings.returnAfterMs;
        if (due > now) continue;
        const result = await this.#conversation(row.id).returnToQueue(row.assigneeId, "no_answer");
        if (result.ok && result.value.returned) {
          this.#toSupervisors({ type: "returned", conversationId: row.id, agentId: row.assigneeId, agentName: config.people.get(row.assigneeId)?.name ?? null, reason: "no_answer" });
        }
      }
    }
    this.#sendAlerts(config, now);
    await this.#drain();
  }

  /** The alarm time we last set (undefined: unknown in this instance; null: none pending). */
  #alarmAt: number | null | undefined = undefined;

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

  /** The cheap path for one conversation's update: only its own timers can need an earlier alarm. */
  async #armFor(summary: ConversationSummary, assignedAt: number | null): Promise<void> {
    if (summary.status !== "open" || summary.waitingSince === null) return;
    const config = await this.#configNow();
    const now = Date.now();
    const unattendedAt = summary.waitingSince + config.settings.unattendedAfterMs;
    if (unattendedAt <= now) this.#flagArrivedLate(config, now);
    const times = [unattendedAt];
    if (config.settings.returnAfterMs !== null && summary.assigneeId && summary.assigneeId !== BOT_AGENT_ID) {
      // A return already due runs at once (the alarm returns it, so this does not repeat).
      times.push(Math.max(now, Math.max(summary.waitingSince, assignedAt ?? 0) + config.settings.returnAfterMs));
    }
    const upcoming = times.filter((t) => t >= now);
    if (upcoming.length) await this.#setAlarmBefore(Math.min(...upcoming));
  }

  /** Points the alarm at the next thing that must happen. */
  async #armTimers(): Promise<void> {
    const config = await this.#configNow();
    const now = Date.now();
    this.#flagArrivedLate(config, now);
    const next = [
      this.store.nextTimer(now, config.settings.unattendedAfterMs, config.settings.returnAfterMs),
      this.store.hasQueue() ? now + QUEUE_RECHECK_MS : null,
      this.store.hasUnprojected() ? now + PROJECTION_SAFETY_MS : null,
    ].filter((t): t is number => t !== null);
    if (!next.length) return;
    await this.#setAlarmBefore(Math.max(now, Math.min(...next)));
  }

  #unattended(config: WorkspaceConfig, now: number) {
    return this.store
      .waitingSince(now - config.settings.unattendedAfterMs)
      .map((r) => ({ conversationId: r.id, contactName: r.summary.contactName, waitingSince: r.waitingSince!, assigneeId: r.assigneeId }));
  }

  /**
   * Conversations already past the unattended threshold when we hear of them (a late delivery, provider times in
   * whole seconds, a short threshold) have no timer left to fire: if some are not flagged yet, flag them now.
   */
  #flagArrivedLate(config: WorkspaceConfig, now: number): void {
    if (this.store.waitingCount(now - config.settings.unattendedAfterMs) !== this.#alerted.size) this.#sendAlerts(config, now);
  }

  #sendAlerts(config: WorkspaceConfig, now: number): void {
    const unattended = this.#unattended(config, now);
    const ids = unattended.map((u) => u.conversationId);
    if (ids.length === this.#alerted.size && ids.every((id) => this.#alerted.has(id))) return;
    this.#alerted = new Set(ids);
    this.#toSupervisors({ type: "alerts", unattended });
  }

  // ---------- live list ----------

  #scheduleFlush(): void {
    if (this.#pending.size === 0 || this.#timer) return;
    const wait = COALESCE_MS - (Date.now() - this.#lastFlush);
    if (wait <= 0) this.#flush();
    else this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = null;
    // Rows written up to now are in this frame; a reconnect asks for what changed after it.
    this.#lastFlush = Date.now();
    const items = [...this.#pending.values()];
    this.#pending.clear();
    // One count query per person and one encoded frame per kind of viewer per flush, however many sockets.
    const countsByAgent = new Map<string, string>();
    const framesByViewer = new Map<string, string | null>();
    for (const conn of this.getConnections<SocketState>()) {
      const actor = conn.state?.actor;
      if (!actor) continue;
      if (this.#lastFlush - conn.state!.connectedAt > SOCKET_REAUTH_MS) {
        conn.close(CLOSE_REAUTHENTICATE, "reauthenticate");
        continue;
      }
      // Everyone who sees everything gets the same frame; an agent's depends on who they are and their teams.
      const viewer = actor.role !== "agent" || actor.seeAll ? "all" : `${actor.agentId}|${actor.teamIds.join(",")}`;
      let frame = framesByViewer.get(viewer);
      if (frame === undefined) {
        const visible = items.filter((s) => canSee(s, actor));
        // Rows the agent may not see (claimed by someone else) go out as bare ids, so the list drops them
        // without learning anything about them.
        const hidden = items.filter((s) => !canSee(s, actor)).map((s) => s.id);
        // One millisecond of overlap: a row stored in the same millisecond after this flush is re-sent, never missed.
        frame = visible.length || hidden.length ? JSON.stringify({ type: "conversations", items: visible, hidden, cursor: this.#lastFlush - 1 } satisfies WorkspaceServerFrame) : null;
        framesByViewer.set(viewer, frame);
      }
      if (frame) {
        try {
          conn.send(frame);
        } catch {
          /* socket closing */
        }
      }
      this.#sendCounts(conn, actor, countsByAgent);
    }
    // An answered customer leaves the unattended list at once, not at the next alarm.
    if (this.#config && this.#alerted.size > 0) this.#sendAlerts(this.#config.value, Date.now());
  }

  /** Every row that changed after `since`, in chunks, filtered by what this person may see. */
  #catchUp(conn: Connection, actor: Actor, since: number): void {
    // Rows waiting for the coalescing timer are covered too: they are already stored.
    let after = { at: since, id: "" };
    const cursor = Date.now() - 1;
    for (;;) {
      const { rows, last } = this.store.changedSince(after, CATCH_UP_CHUNK);
      const summaries = rows.map((r) => r.summary);
      this.#send(conn, {
        type: "conversations",
        items: summaries.filter((s) => canSee(s, actor)),
        hidden: summaries.filter((s) => !canSee(s, actor)).map((s) => s.id),
        cursor,
      });
      if (rows.length < CATCH_UP_CHUNK || !last) break;
      after = last;
    }
  }

  /** Sends this person's counts if they changed since the last frame they got. */
  #sendCounts(conn: Connection, actor: Actor, cache: Map<string, string>): void {
    let encoded = cache.get(actor.agentId);
    if (encoded === undefined) {
      encoded = JSON.stringify({ type: "counts", counts: this.store.counts(actor) } satisfies WorkspaceServerFrame);
      cache.set(actor.agentId, encoded);
    }
    if (this.#lastCounts.get(conn.id) === encoded) return;
    this.#lastCounts.set(conn.id, encoded);
    try {
      conn.send(encoded);
    } catch {
      /* socket closing */
    }
  }

  #send(conn: Connection, frame: WorkspaceServerFrame): void {
    try {
      conn.send(JSON.stringify(frame));
    } catch {
      /* socket closing */
    }
  }

  #toSupervisors(frame: WorkspaceServerFrame): void {
    for (const conn of this.getConnections<SocketState>()) if (conn.state && isSupervisor(conn.state.actor)) this.#send(conn, frame);
  }

  #sendMention(conversationId: string, notice: Extract<ConversationNotice, { kind: "mention" }>): void {
    for (const conn of this.getConnections<SocketState>()) {
      if (conn.state && notice.agentIds.includes(conn.state.actor.agentId)) {
        this.#send(conn, { type: "mention", conversationId, messageId: notice.messageId, byName: notice.byName, text: notice.text });
      }
    }
  }

  // ---------- presence and sockets ----------

  #connected(agentId: string, except?: string): boolean {
    for (const conn of this.getConnections<SocketState>()) if (conn.id !== except && conn.state?.actor.agentId === agentId) return true;
    return false;
  }

  #broadcastPresence(): void {
    const agents = [...this.store.presence()].map(([agentId, p]) => ({ agentId, state: p.state }));
    for (const conn of this.getConnections<SocketState>()) this.#send(conn, { type: "presence", agents });
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
    if (Number.isFinite(since) && since > 0) this.#catchUp(conn, actor, since);
    const previous = this.store.presence().get(actor.agentId);
    const away = previous?.away ?? false;
    this.store.setPresence(actor.agentId, away ? "away" : "online", away, null);
    this.#broadcastPresence();
    this.#sendCounts(conn, actor, new Map());
    if (isSupervisor(actor)) this.#send(conn, { type: "alerts", unattended: this.#unattended(await this.#configNow(), Date.now()) });
    // Someone came online: the queue may drain now.
    if (previous?.state !== "online") void this.#drain();
  }

  async onClose(conn: Connection<SocketState>): Promise<void> {
    this.#lastCounts.delete(conn.id);
    const agentId = conn.state?.actor.agentId;
    if (!agentId || this.#connected(agentId, conn.id)) return;
    // A reload or a flaky phone reconnects within the grace period and never looks offline.
    const config = await this.#configNow();
    const p = this.store.presence().get(agentId);
    this.store.setPresence(agentId, p?.state ?? "online", p?.away ?? false, Date.now() + config.settings.offlineGraceMs);
    await this.#armTimers();
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
      if (!away) void this.#drain();
    } catch {
      this.#send(conn, { type: "error", code: "bad_frame", message: "Frames must be JSON." });
    }
  }

  onError(): void {}
}
