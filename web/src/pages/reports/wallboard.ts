// What the wallboard derives from the live conversation rows the workspace socket keeps current: who has waited
// longest, whose 24-hour window closes soon, which service targets are about to be (or were) missed, and how many
// open conversations each person carries. Plain functions.
import { type ConversationSummary, SERVICE_WINDOW_MS } from "../../../../shared/model";
import type { SlaClock } from "../../../../shared/sla";

/** Windows closing within this long are listed (a template is the only way back after they close). */
export const CLOSING_SOON_MS = 2 * 60 * 60 * 1000;

/** The open conversation whose customer has waited longest for an answer, or null. */
export function longestWaiting(rows: ConversationSummary[]): ConversationSummary | null {
  let oldest: ConversationSummary | null = null;
  for (const row of rows) if (row.status === "open" && row.waitingSince !== null && (!oldest || row.waitingSince < oldest.waitingSince!)) oldest = row;
  return oldest;
}

/** Conversations still in play whose customer-service window closes within `within`, soonest first. */
export function closingWindows(rows: ConversationSummary[], now: number, within = CLOSING_SOON_MS): Array<{ row: ConversationSummary; closesAt: number }> {
  const out: Array<{ row: ConversationSummary; closesAt: number }> = [];
  for (const row of rows) {
    if (row.status === "resolved" || row.lastInboundAt === null) continue;
    const closesAt = row.lastInboundAt + SERVICE_WINDOW_MS;
    if (closesAt > now && closesAt - now <= within) out.push({ row, closesAt });
  }
  return out.sort((a, b) => a.closesAt - b.closesAt);
}

/** Open conversations per assignee. */
export function openLoad(rows: ConversationSummary[]): Map<string, number> {
  const load = new Map<string, number>();
  for (const row of rows) if (row.status === "open" && row.assigneeId) load.set(row.assigneeId, (load.get(row.assigneeId) ?? 0) + 1);
  return load;
}

/** A row's SLA clock (rows the inbox cached before the server sent clocks have none). */
export const slaOf = (row: ConversationSummary): SlaClock | null => row.sla ?? null;

/** Conversations past their target's warning point (75 %) or already over it, the most urgent first. */
export function nearSlaBreach(rows: ConversationSummary[], now: number): ConversationSummary[] {
  return rows
    .filter((row) => {
      const sla = slaOf(row);
      return sla !== null && row.status !== "resolved" && now >= sla.warnAt;
    })
    .sort((a, b) => slaOf(a)!.dueAt - slaOf(b)!.dueAt);
}
