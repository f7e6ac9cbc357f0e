// A campaign's pure decisions (the actions each status allows are in shared/campaign-status.ts): how a conversation's report maps to a recipient,
// which errors pause the whole campaign, and how many recipients the next second may take.
import type { RecipientState } from "../../shared/campaign-status";
import type { MessageStatus } from "../../shared/model";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The recipient state a conversation's message status means (null: nothing new for the campaign). */
export function recipientStateFor(status: MessageStatus): RecipientState | null {
  switch (status) {
    case "accepted":
    case "sent":
      return "sent";
    case "delivered":
      return "delivered";
    case "read":
    case "played":
      return "read";
    case "failed":
      return "failed";
    default:
      return null;
  }
}

/** Meta's per-user marketing limit: the recipient may be tried once more after a day (meta-api.md §11.4). */
export const PER_USER_LIMIT = 131049;
/**
 * Errors about the template or the number, not the recipient: every further send would fail the same way, so the
 * campaign pauses and says why (paused or disabled template; the number's quality was hit).
 */
export const PAUSING_ERRORS = new Set([132015, 132016, 131048, 132001]);

/**
 * How many recipients the next tick may take: the number's throughput per second, within what is left of the
 * messaging limit (unique customers per moving 24 h; null: unlimited).
 */
export function batchSize(throughputMps: number, messagingLimit: number | null, reachedLastDay: number): number {
  const left = messagingLimit === null ? Number.POSITIVE_INFINITY : messagingLimit - reachedLastDay;
  return Math.max(0, Math.min(throughputMps, left));
}
