// The workspace's timers, all behind the object's one alarm: the offline grace period, the return timer (an owner
// who does not answer), unattended alerts for supervisors, and the queue's periodic re-check. Computed from the
// in-memory index (durable/workspace/active-index.ts), so arming costs no query. Used by durable/workspace.ts.
import { BOT_AGENT_ID, SERVICE_WINDOW_MS } from "../../shared/model";
import type { ReportEvent } from "../projection";
import type { WorkspaceConfig } from "../workspace-config";
import type { ActiveEntry } from "./active-index";
import type { WorkspaceContext } from "./context";
import type { Routing } from "./routing";
import type { RetentionSweep } from "../workspace-api";
import { RETENTION_EVERY_MS, RETENTION_MARK, sweepRetention } from "./retention";

/** While conversations wait and someone might free up, look again at least this often. */
const QUEUE_RECHECK_MS = 30_000;
const WINDOWS_MARK = "windows_reported";
/** The sweep's mark moves at least this often even when no window closed. */
const MARK_EVERY_MS = 10 * 60_000;

export class Timers {
  readonly #ctx: WorkspaceContext;
  readonly #routing: Routing;
  /** The conversations in the last alerts frame supervisors got, with their owner then. */
  #alerted = new Map<string, string | null>();

  constructor(ctx: WorkspaceContext, routing: Routing) {
    this.#ctx = ctx;
    this.#routing = routing;
  }

  /** The alarm's timer work: grace periods that ended, owners who did not answer, alerts. */
  async run(now: number, connected: (agentId: string) => boolean, onPresenceChange: () => void): Promise<void> {
    const { store, index } = this.#ctx;
    const config = await this.#ctx.config();
    let presenceChanged = false;
    for (const [agentId, p] of store.presence()) {
      if (p.offlineDue !== null && p.offlineDue <= now && !connected(agentId)) {
        store.setPresence(agentId, "offline", p.away, null);
        presenceChanged = true;
        await this.#routing.reroute(agentId, "offline");
      }
    }
    if (presenceChanged) onPresenceChange();
    const returnAfterMs = config.settings.returnAfterMs;
    if (returnAfterMs !== null) {
      for (const e of index.waiting(now - returnAfterMs)) {
        if (!e.assigneeId || e.assigneeId === BOT_AGENT_ID) continue;
        if (Math.max(e.waitingSince!, e.assignedAt ?? 0) + returnAfterMs > now) continue;
        await this.#routing.returnToQueue(e.id, e.assigneeId, "no_answer", config.people.get(e.assigneeId)?.name ?? null);
      }
    }
    this.sendAlerts(config, now);
    this.#reportClosedWindows(now);
    if (config.settings.retentionDays !== null && now - (store.mark(RETENTION_MARK) ?? 0) >= RETENTION_EVERY_MS) {
      try {
        await this.sweepRetention(now);
      } catch (err) {
        console.warn(`Workspace:${this.#ctx.name} retention sweep failed; the next alarm retries`, (err as Error).message);
      }
    }
  }

  /** Deletes what the retention setting says is too old; the mark moves once nothing is left for today. */
  async sweepRetention(now: number): Promise<RetentionSweep> {
    const config = await this.#ctx.config(true);
    const workspaceId = this.#ctx.name;
    const { more, ...sweep } = await sweepRetention(this.#ctx.env, workspaceId, config.settings.retentionDays, now);
    // A full batch continues at the next alarm; one where nothing could be purged does not spin.
    if (!more || sweep.conversations === 0) this.#ctx.storage.transaction(() => this.#ctx.store.setMark(RETENTION_MARK, now));
    return sweep;
  }

  /**
   * A reporting event for every open or snoozed conversation whose 24-hour window closed since the last sweep (from
   * then on only a template reaches the customer). Stamped with the closing time; ids make a repeat harmless.
   */
  #reportClosedWindows(now: number): void {
    const { store, index } = this.#ctx;
    const after = store.mark(WINDOWS_MARK) ?? now - SERVICE_WINDOW_MS;
    const closed = index.windowsClosed(after, now, SERVICE_WINDOW_MS);
    const events: ReportEvent[] = closed.map(({ entry: e, closedAt }) => ({
      // The workspace id from the row, not the object's name: an alarm after a restart may run before the name is known.
      id: `${e.id}:window:${e.lastInboundAt}`, workspaceId: e.workspaceId, conversationId: e.id, kind: "window_expired",
      agentId: e.assigneeId, at: closedAt, value: null, data: null, teamId: e.teamId, channelId: e.channelId, startedAt: null, waAt: e.lastInboundAt,
    }));
    // Nothing closed and the mark is recent: no write (the alarm runs often; the next sweep starts from the mark).
    if (!events.length && now - after < MARK_EVERY_MS) return;
    this.#ctx.storage.transaction(() => {
      store.addEvents(events);
      store.setMark(WINDOWS_MARK, now);
    });
    if (events.length) this.#ctx.projectionRequested();
  }

  /** The cheap path for one conversation whose timing facts changed: only its own timers can need an earlier alarm. */
  async armFor(entry: ActiveEntry | undefined): Promise<void> {
    if (!entry || entry.status !== "open" || entry.waitingSince === null) return;
    const config = await this.#ctx.config();
    const now = Date.now();
    const unattendedAt = entry.waitingSince + config.settings.unattendedAfterMs;
    if (unattendedAt <= now) this.#flagArrivedLate(config, now);
    const times = [unattendedAt];
    if (config.settings.returnAfterMs !== null && entry.assigneeId && entry.assigneeId !== BOT_AGENT_ID) {
      // A return already due runs at once (the alarm returns it, so this does not repeat).
      times.push(Math.max(now, Math.max(entry.waitingSince, entry.assignedAt ?? 0) + config.settings.returnAfterMs));
    }
    const upcoming = times.filter((t) => t >= now);
    if (upcoming.length) await this.#ctx.alarmBefore(Math.min(...upcoming));
  }

  /** Points the alarm at the next thing that must happen. */
  async arm(): Promise<void> {
    const config = await this.#ctx.config();
    const { store, index } = this.#ctx;
    const now = Date.now();
    this.#flagArrivedLate(config, now);
    const next = [
      store.nextOfflineDue(),
      index.nextTimer(now, config.settings.unattendedAfterMs, config.settings.returnAfterMs),
      index.hasQueue() || store.hasPendingRoutes() ? now + QUEUE_RECHECK_MS : null,
      index.nextWindowClose(Math.max(now, store.mark(WINDOWS_MARK) ?? now), SERVICE_WINDOW_MS),
      config.settings.retentionDays !== null ? (store.mark(RETENTION_MARK) ?? 0) + RETENTION_EVERY_MS : null,
    ].filter((t): t is number => t !== null);
    if (!next.length) return;
    await this.#ctx.alarmBefore(Math.max(now, Math.min(...next)));
  }

  unattended(config: WorkspaceConfig, now: number) {
    return this.#ctx.index
      .waiting(now - config.settings.unattendedAfterMs)
      .map((e) => ({ conversationId: e.id, contactName: e.contactName, waitingSince: e.waitingSince!, assigneeId: e.assigneeId }));
  }

  /**
   * Conversations already past the unattended threshold when we hear of them (a late delivery, provider times in
   * whole seconds, a short threshold) have no timer left to fire: if some are not flagged yet, flag them now.
   */
  #flagArrivedLate(config: WorkspaceConfig, now: number): void {
    if (this.#ctx.index.waiting(now - config.settings.unattendedAfterMs).length !== this.#alerted.size) this.sendAlerts(config, now);
  }

  /** Tells supervisors the unattended list if it changed — who waits, or who has them now. */
  sendAlerts(config: WorkspaceConfig, now: number): void {
    const unattended = this.unattended(config, now);
    if (unattended.length === this.#alerted.size && unattended.every((u) => this.#alerted.has(u.conversationId) && this.#alerted.get(u.conversationId) === u.assigneeId)) return;
    this.#alerted = new Map(unattended.map((u) => [u.conversationId, u.assigneeId]));
    this.#ctx.toSupervisors({ type: "alerts", unattended });
  }

  /** After a list flush: an answered customer leaves the unattended list at once, not at the next alarm. */
  refreshAlerts(): void {
    const config = this.#ctx.cachedConfig();
    if (config && this.#alerted.size > 0) this.sendAlerts(config, Date.now());
  }
}
