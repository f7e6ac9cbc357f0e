// Finds the channel (and so the workspace) of a WhatsApp phone_number_id, with what its bot needs (mode, messages,
// the workspace's hours and time zone). Cached in the isolate so the webhook does not read D1 on every delivery
// (an admin's change shows within a minute); a D1 outage falls back to the last known answer.
import { and, asc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { BOT_QUIET_MS, type BotMode, type BotPolicy, botAnswersAt } from "../../shared/bot-policy";
import type { BusinessHours } from "../../shared/business-hours";
import { DEFAULT_SURVEY, type SurveyPolicy } from "../../shared/csat";
import { tokenRefOf } from "../../durable/channel-token";
import { channels, slaPolicies, workspaces } from "../../shared/db-schema";
import type { SlaConfig, SlaPolicy } from "../../shared/sla";

export interface Channel {
  id: string;
  workspaceId: string;
  phoneNumberId: string;
  displayNumber: string;
  wabaId: string;
  /** Secret name or `sealed:<text>` (durable/channel-token.ts). */
  tokenRef: string;
  /** A disabled number's webhooks are acknowledged and ignored. */
  enabled: boolean;
  bot: { mode: BotMode; handoffMessage: string | null; greeting: string | null; dailyReplyLimit: number | null };
  businessHours: BusinessHours | null;
  timeZone: string;
  /** The satisfaction survey sent on resolve (null: off). */
  survey: SurveyPolicy | null;
  /** The workspace's SLA policies with its hours and zone (null: no policies). */
  sla: SlaConfig | null;
  /** The workspace's opt-out keywords (null: the defaults). */
  optOutKeywords: string[] | null;
}

/** The bot's policy for a message arriving at `at`, or null while the bot does not answer this number. */
export function botPolicyAt(channel: Channel, at: number, quietMs = BOT_QUIET_MS): BotPolicy | null {
  if (!botAnswersAt(channel.bot.mode, channel.businessHours, channel.timeZone, at)) return null;
  const { handoffMessage, greeting, dailyReplyLimit } = channel.bot;
  return { channelId: channel.id, handoffMessage, greeting, dailyReplyLimit, timeZone: channel.timeZone, quietMs };
}

const FOUND_TTL_MS = 60_000;
const MISSING_TTL_MS = 5_000;
const cache = new Map<string, { channel: Channel | null; at: number }>();

export async function channelByPhoneNumberId(db: D1Database, phoneNumberId: string): Promise<Channel | null> {
  const hit = cache.get(phoneNumberId);
  const now = Date.now();
  if (hit && now - hit.at < (hit.channel ? FOUND_TTL_MS : MISSING_TTL_MS)) return hit.channel;
  try {
    const row = await drizzle(db)
      .select({
        id: channels.id,
        workspaceId: channels.workspaceId,
        phoneNumberId: channels.phoneNumberId,
        displayNumber: channels.displayNumber,
        wabaId: channels.wabaId,
        tokenRef: channels.tokenRef,
        accessTokenEnc: channels.accessTokenEnc,
        enabled: channels.enabled,
        botMode: channels.botMode,
        handoffMessage: channels.botHandoffMessage,
        greeting: channels.botGreeting,
        dailyReplyLimit: channels.botDailyReplyLimit,
        csatEnabled: channels.csatEnabled,
        csatQuestion: channels.csatQuestion,
        csatLabels: channels.csatLabels,
        csatThanks: channels.csatThanks,
        businessHours: workspaces.businessHours,
        optOutKeywords: workspaces.optOutKeywords,
        timeZone: workspaces.timezone,
      })
      .from(channels)
      .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
      .where(eq(channels.phoneNumberId, phoneNumberId))
      .get();
    const policies = row ? await slaPoliciesOf(db, row.workspaceId) : [];
    const channel: Channel | null = row
      ? {
          id: row.id, workspaceId: row.workspaceId, phoneNumberId: row.phoneNumberId, displayNumber: row.displayNumber, wabaId: row.wabaId, tokenRef: tokenRefOf(row), enabled: row.enabled,
          bot: { mode: row.botMode, handoffMessage: row.handoffMessage, greeting: row.greeting, dailyReplyLimit: row.dailyReplyLimit },
          businessHours: row.businessHours ?? null,
          timeZone: row.timeZone,
          survey: row.csatEnabled
            ? { question: row.csatQuestion ?? DEFAULT_SURVEY.question, labels: row.csatLabels ?? DEFAULT_SURVEY.labels, thanks: row.csatThanks ?? DEFAULT_SURVEY.thanks }
            : null,
          sla: policies.length ? { policies, hours: row.businessHours ?? null, timeZone: row.timeZone } : null,
          optOutKeywords: row.optOutKeywords ?? null,
        }
      : null;
    cache.set(phoneNumberId, { channel, at: now });
    return channel;
  } catch (err) {
    if (hit) return hit.channel; // stale beats unavailable
    throw err;
  }
}

/** The workspace's enabled SLA policies in order, as the conversation objects apply them. */
export async function slaPoliciesOf(db: D1Database, workspaceId: string): Promise<SlaPolicy[]> {
  const rows = await drizzle(db)
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.enabled, true)))
    .orderBy(asc(slaPolicies.position))
    .all();
  const ms = (seconds: number | null) => (seconds === null ? null : seconds * 1000);
  return rows.map((r) => ({
    id: r.id, name: r.name, priority: r.priority, tagId: r.tagId,
    firstResponseMs: ms(r.firstResponseSeconds), nextResponseMs: ms(r.nextResponseSeconds), resolutionMs: ms(r.resolutionSeconds), businessHours: r.businessHours,
  }));
}

/** Tests and admin changes drop the cache so a new number is seen at once. */
export function forgetChannels(): void {
  cache.clear();
}
