// Writes what the workspace object received to D1 (durable/projection.ts) in batches across conversations: after a
// delay that adapts to load (short when idle, longer so batches grow when busy), backing off while D1 fails, with
// the object's alarm as the safety net (the rows wait in SQLite, nothing is lost). A batch D1 rejects for a row's
// values is split until the bad rows are alone; those are set aside (projection_rejects) so one bad row never stalls
// the workspace's lists and reports. Used by durable/workspace.ts.
import { Flusher } from "../flush";
import { loadReportZone, type ReportEvent, type ReportZone, writeProjection } from "../projection";
import { projectionDatabase } from "../projection-database";
import { d1ErrorText, isRejectedRow } from "../projection-errors";
import type { OwedRecord } from "../workspace-store";
import type { WorkspaceContext } from "./context";

const ROWS = 100;
const EVENTS = 300;
const BATCHES_PER_RUN = 20;
/** Idle: a change reaches D1 this soon. Busy: up to the longest delay, so each round trip carries more. */
const MIN_DELAY_MS = 200;
const MAX_DELAY_MS = 1_000;
/** If this instance disappears with changes not yet in D1, the alarm picks them up after this. */
export const PROJECTION_SAFETY_MS = 5_000;
const ZONE_TTL_MS = 60_000;

type Owed = { record: OwedRecord } | { event: ReportEvent };

export class ProjectionWriter {
  readonly #ctx: WorkspaceContext;
  readonly #flusher: Flusher;
  #loadedZone: { zone: ReportZone; at: number } | null = null;
  /** Conversations and events the last run wrote: the load signal for the next delay. */
  #lastWritten = 0;

  constructor(ctx: WorkspaceContext) {
    this.#ctx = ctx;
    this.#flusher = new Flusher({
      delayMs: () => delayFor(this.#lastWritten),
      flush: () => this.#write(),
      safetyNet: { afterMs: PROJECTION_SAFETY_MS, arm: (at) => ctx.alarmBefore(at) },
      onError: (err, failures) => console.warn(`Workspace:${ctx.name} D1 projection failed (attempt ${failures}); will retry`, (err as Error).message),
    });
  }

  /** Something new is owed to D1. */
  request(): void {
    this.#flusher.request();
  }

  /** The alarm's safety net: write what is owed now. */
  async writeNow(): Promise<void> {
    await this.#flusher.flushNow();
  }

  /**
   * The workspace's time zone and hours for filing events: the cached configuration if any, else one read by the id
   * the rows carry — never the object's name, which an alarm after a restart may run without (partyserver).
   */
  async #zone(workspaceId: string): Promise<ReportZone> {
    const cached = this.#ctx.cachedConfig()?.settings;
    if (cached) return { timeZone: cached.timeZone, businessHours: cached.businessHours };
    if (!this.#loadedZone || Date.now() - this.#loadedZone.at > ZONE_TTL_MS) this.#loadedZone = { zone: await loadReportZone(this.#ctx.env.DB, workspaceId), at: Date.now() };
    return this.#loadedZone.zone;
  }

  /** Returns true when more is owed than one run writes (continue at once). */
  async #write(): Promise<boolean> {
    const { store, storage } = this.#ctx;
    let written = 0;
    for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
      const { records, events } = store.unprojected(ROWS, EVENTS);
      if (!records.length && !events.length) break;
      const workspaceId = records[0]?.summary.workspaceId ?? events[0]!.workspaceId;
      const zone = await this.#zone(workspaceId);
      try {
        await writeProjection(projectionDatabase(this.#ctx.env), records, events, zone);
        storage.transaction(() => store.markProjected(records, events.map((e) => e.id)));
      } catch (err) {
        if (!isRejectedRow(err)) throw err;
        await this.#isolate([...records.map((record) => ({ record })), ...events.map((event) => ({ event }))], zone);
      }
      written += records.length + events.length;
      this.#lastWritten = written;
      if (records.length < ROWS && events.length < EVENTS) return false;
    }
    this.#lastWritten = written;
    return written > 0;
  }

  /**
   * D1 rejected a batch for its values: write it in halves, recursively, marking what lands and setting aside each
   * row rejected alone. A few bad rows in 400 cost about 2·log2(400) round trips each. A failure that is not a
   * rejection (D1 down meanwhile) is thrown: the flusher backs off, and what landed stays marked.
   */
  async #isolate(items: Owed[], zone: ReportZone): Promise<void> {
    const { store, storage } = this.#ctx;
    const halves = [items.slice(0, items.length >> 1), items.slice(items.length >> 1)];
    for (const part of halves) {
      if (!part.length) continue;
      const records = part.flatMap((o) => ("record" in o ? [o.record] : []));
      const events = part.flatMap((o) => ("event" in o ? [o.event] : []));
      try {
        await writeProjection(projectionDatabase(this.#ctx.env), records, events, zone);
        storage.transaction(() => store.markProjected(records, events.map((e) => e.id)));
      } catch (err) {
        if (!isRejectedRow(err)) throw err;
        if (part.length > 1) {
          await this.#isolate(part, zone);
          continue;
        }
        const [bad] = part as [Owed];
        const error = d1ErrorText(err);
        const what = "record" in bad ? `conversation ${bad.record.summary.id} v${bad.record.version}` : `event ${bad.event.id}`;
        console.error(`Workspace:${this.#ctx.name} D1 rejected ${what}; set aside (projection_rejects):`, error);
        storage.transaction(() => store.setAside(bad, error, Date.now()));
      }
    }
  }
}

/** 200 ms when idle, growing 5 ms per row the last run wrote, up to a second. */
export function delayFor(lastWritten: number): number {
  return Math.min(MAX_DELAY_MS, MIN_DELAY_MS + lastWritten * 5);
}
