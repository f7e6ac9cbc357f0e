// Delivers a parsed webhook to the conversation objects: groups messages and statuses by conversation and
// calls each object once, in parallel. Resolves only when every item is durable; throws if any object failed,
// so the route answers 5xx and Meta retries (the retry stores nothing twice).
import { type ConversationRef, type IngestResult } from "../../durable/conversation-api";
import type { BotPolicy } from "../../shared/bot-policy";
import type { SurveyPolicy } from "../../shared/csat";
import type { SlaConfig } from "../../shared/sla";
import type { ContactSnapshot } from "../../shared/model";
import { botPolicyAt, type Channel, channelByPhoneNumberId } from "../channels/channel-directory";
import { conversationIdFor, isConversationId } from "../../shared/conversation-id";
import type { InboundMessage, ParsedWebhook, StatusUpdate } from "./webhook-payload";
import { rpcStub } from "../../durable/stubs";

export interface DeliveryReport extends IngestResult {
  conversations: number;
  unknownNumbers: string[];
}

interface Group {
  ref: ConversationRef;
  messages: InboundMessage[];
  statuses: StatusUpdate[];
  bot: BotPolicy | null;
  survey: SurveyPolicy | null;
  sla: SlaConfig | null;
  optOutKeywords: string[] | null;
}

function statusContact(s: StatusUpdate): ContactSnapshot | null {
  const key = s.recipientUserId ?? s.recipientId;
  if (!key) return null;
  return { key, waId: s.recipientId, userId: s.recipientUserId, name: null, phone: s.recipientId ? "+" + s.recipientId : null, username: null };
}

async function groupByConversation(env: Env, webhook: ParsedWebhook, unknownNumbers: Set<string>, defer: (work: Promise<unknown>) => void): Promise<Map<string, Group>> {
  const groups = new Map<string, Group>();
  const group = (channel: Channel, conversationId: string, contact: ContactSnapshot): Group => {
    let g = groups.get(conversationId);
    if (!g) {
      g = {
        ref: { conversationId, workspaceId: channel.workspaceId, channelId: channel.id, phoneNumberId: channel.phoneNumberId, tokenRef: channel.tokenRef, contact },
        messages: [],
        statuses: [],
        // Read when the message arrives: business hours decide whether the bot answers it.
        bot: botPolicyAt(channel, Date.now(), env.BOT_QUIET_MS ? Number(env.BOT_QUIET_MS) : undefined),
        survey: channel.survey,
        sla: channel.sla,
        optOutKeywords: channel.optOutKeywords,
      };
      groups.set(conversationId, g);
    }
    return g;
  };
  for (const change of webhook.changes) {
    if (!change.messages.length && !change.statuses.length && !change.errors.length) continue;
    const channel = await channelByPhoneNumberId(env.DB, change.phoneNumberId);
    if (!channel) {
      unknownNumbers.add(change.phoneNumberId);
      continue;
    }
    // An admin disabled this number: Meta gets its 200 (no retries), nothing is stored.
    if (!channel.enabled) continue;
    if (change.errors.length) {
      console.warn(`whatsapp: account errors for ${change.phoneNumberId}`, JSON.stringify(change.errors));
      // Supervisors must see "throughput reached" or "account restricted" live; not on the ack's path.
      defer(rpcStub(env, "Workspace", channel.workspaceId).channelAlert(channel.id, change.errors.map((e) => ({ code: e.code, title: e.title, details: e.details }))).catch(() => {}));
    }
    for (const m of change.messages) {
      group(channel, await conversationIdFor(channel.id, m.contact.key), m.contact).messages.push(m);
    }
    for (const s of change.statuses) {
      // Our sends carry `<conversationId>|<messageId>` as callback data; older or foreign sends fall back to the recipient.
      const fromCallback = s.callbackData?.split("|")[0];
      const contact = statusContact(s);
      const conversationId = fromCallback && isConversationId(fromCallback) ? fromCallback : contact ? await conversationIdFor(channel.id, contact.key) : null;
      if (!conversationId) {
        console.warn(`whatsapp: status ${s.status} for ${s.wamid} names no recipient; ignored`);
        continue;
      }
      group(channel, conversationId, contact ?? { key: "", waId: null, userId: null, name: null, phone: null, username: null }).statuses.push(s);
    }
  }
  return groups;
}

export async function deliverWebhook(env: Env, webhook: ParsedWebhook, defer: (work: Promise<unknown>) => void = () => {}): Promise<DeliveryReport> {
  const unknownNumbers = new Set<string>();
  const groups = await groupByConversation(env, webhook, unknownNumbers, defer);
  const results = await Promise.all(
    [...groups.values()].map((g) => rpcStub(env, "Conversation", g.ref.conversationId).ingest(g)),
  );
  const report: DeliveryReport = { stored: 0, duplicates: 0, statusesApplied: 0, statusesDeferred: 0, conversations: groups.size, unknownNumbers: [...unknownNumbers] };
  for (const r of results) {
    report.stored += r.stored;
    report.duplicates += r.duplicates;
    report.statusesApplied += r.statusesApplied;
    report.statusesDeferred += r.statusesDeferred;
  }
  return report;
}
