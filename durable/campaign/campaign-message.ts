// A campaign's template inside one conversation. Pure rules over a Draft: the message is stored once per
// recipient and attempt (its clientId), a new conversation starts resolved (a broadcast is not a question for the
// team: the customer's answer opens it and routes it like any message), nobody's ownership or wait changes, and
// the campaign hears how the message fares and whether the customer answered (jobs, in the same transaction).
import type { Message } from "../../shared/model";
import type { CampaignSend, CampaignSent } from "../conversation-api";
import type { Draft } from "../conversation-draft";
import { outboundTemplate } from "../message-kinds";
import { renderTemplate, templateContent, templateMedia } from "../agent-actions";
import { startCycle } from "../report-clock";
import { fail, ok } from "../result";
import { campaignClientId, campaignTagOf } from "./campaign-ids";

/** A reply within this long of the campaign's message is counted as an answer to it. */
export const REPLY_ATTRIBUTION_MS = 7 * 24 * 60 * 60 * 1000;

export function sendCampaignMessage(d: Draft, input: CampaignSend): CampaignSent {
  const clientId = campaignClientId(input.campaign);
  const earlier = d.state ? d.message({ clientId }) : null;
  if (earlier) return ok({ messageId: earlier.id, conversationId: d.current.id, duplicate: true });
  // Opted out by keyword in this very conversation, perhaps after the campaign chose its audience.
  if (d.state?.optedOut) return fail(409, "opted_out", "The customer opted out of these messages.");
  if (!d.state) {
    d.create({ ...input.ref, id: input.ref.conversationId });
    d.patch({ status: "resolved", clock: startCycle({ status: "resolved", assigneeId: null }, d.now), contactId: input.contactId });
  }
  const shown = renderTemplate(input.template.body, input.template.bodyParams);
  // Written by the campaign, not a person: its name shows as the author.
  const message = d.insert({ ...outboundTemplate(null, shown, templateContent(input.template), d.now, clientId), ...templateMedia(input.template), authorName: input.campaign.name });
  d.job("send", `send:${message.id}`, d.now, { messageId: message.id });
  d.event(`${d.current.id}:${message.seq}:campaign_message_out`, "campaign_message_out", null, null, { campaignId: input.campaign.campaignId });
  d.patch({
    lastMessageAt: d.now,
    lastMessagePreview: message.text,
    lastMessageKind: message.kind,
    lastMessageDirection: "out",
    campaign: { campaignId: input.campaign.campaignId, recipientId: input.campaign.recipientId, attempt: input.campaign.attempt, at: d.now, replied: false },
  });
  return ok({ messageId: message.id, conversationId: d.current.id, duplicate: false });
}

/** After any change: each campaign message whose status moved is reported to its campaign (once per status). */
export function reportCampaignProgress(d: Draft, changed: Message[]): void {
  for (const m of changed) {
    const tag = campaignTagOf(m.clientId);
    // "pending" the campaign learns from its own call; "sent" always follows "accepted", which it already heard.
    if (!tag || m.direction !== "out" || m.status === "pending" || m.status === "sent") continue;
    d.job("campaign", `campaign:${m.id}:${m.status}`, d.now, {
      ...tag,
      status: m.status,
      errorCode: m.errorCode,
      reason: m.errorReason,
      conversationId: m.conversationId,
      messageId: m.id,
    });
  }
}

/** The customer wrote after a campaign's message: its first answer is the campaign's reply (once). */
export function noteCampaignReply(d: Draft): void {
  const sent = d.current.campaign;
  if (!sent || sent.replied || d.now - sent.at > REPLY_ATTRIBUTION_MS) return;
  d.patch({ campaign: { ...sent, replied: true } });
  d.job("campaign", `campaign-reply:${sent.campaignId}:${sent.recipientId}`, d.now, { ...sent, status: "replied", at: d.now });
  d.activity(null, { action: "campaign_reply", campaignId: sent.campaignId });
}
