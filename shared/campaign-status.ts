// A campaign's statuses, its recipients' states and the actions each status allows: one list for the campaign's
// object (which enforces it), the routes and the inbox (which shows only the buttons that can work). No zod here,
// so the inbox's campaigns page can import it without the schemas.

export const CAMPAIGN_STATUSES = ["draft", "scheduled", "running", "paused", "completed", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * Where one recipient stands: queued (also when deferred a day by Meta's per-user marketing limit), sending (the
 * conversation is being asked), pending (in the conversation's outbox), sent, delivered, read, failed, skipped.
 * The counts fold queued, sending and pending into `queued`.
 */
export const RECIPIENT_STATES = ["queued", "sending", "pending", "sent", "delivered", "read", "failed", "skipped"] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export const CAMPAIGN_ACTIONS = ["start", "pause", "resume", "cancel"] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

/** Each action, the statuses it can start from, and where it leads. */
export const TRANSITIONS: Record<CampaignAction, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  start: { from: ["draft", "scheduled"], to: "running" },
  pause: { from: ["running", "scheduled"], to: "paused" },
  resume: { from: ["paused"], to: "running" },
  cancel: { from: ["draft", "scheduled", "running", "paused"], to: "cancelled" },
};

/** The actions a campaign in this status accepts, in the order the inbox shows them. */
export const actionsFor = (status: CampaignStatus): CampaignAction[] => CAMPAIGN_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status));
