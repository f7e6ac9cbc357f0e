// When the assistant answers a number, and what it needs to know while it does: the channel's bot mode read against
// the workspace's business hours (one definition, shared/business-hours.ts) at the moment a message arrives.
import { type BusinessHours, isOpen } from "./business-hours";

export type BotMode = "always" | "outside_hours" | "never";

/** What a conversation's bot turn needs from its channel; carried with each inbound batch while the bot is on. */
export interface BotPolicy {
  channelId: string;
  /** Sent to the customer when the bot hands over (null: the product's default wording). */
  handoffMessage: string | null;
  /** Sent as the bot's first words in a new cycle (null: none). */
  greeting: string | null;
  /** Bot replies per day on this number before it hands everything to people (null: no limit). */
  dailyReplyLimit: number | null;
  /** The workspace's time zone: "per day" is its calendar day. */
  timeZone: string;
  /** A burst of customer messages is answered once, this long after the last of them. */
  quietMs: number;
}

export const BOT_QUIET_MS = 3_000;

export const DEFAULT_HANDOFF_MESSAGE = "Te paso con una persona del equipo, en breve te responde. 🙌";
/** The assistant's name in the inbox (its agent id is BOT_AGENT_ID). */
export const BOT_NAME = "Asistente IA";

/**
 * Whether the bot answers at `at`: "always", or "outside_hours" while the workspace is closed. A workspace that never
 * set its hours is treated as always open, so an "outside hours" bot stays quiet until hours exist.
 */
export function botAnswersAt(mode: BotMode, hours: BusinessHours | null, timeZone: string, at: number): boolean {
  if (mode === "always") return true;
  if (mode === "never" || !hours) return false;
  return !isOpen(hours, timeZone, at);
}
