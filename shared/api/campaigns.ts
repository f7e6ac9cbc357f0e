// /api/campaigns: broadcasts of an approved template to an audience of contacts — the schemas the routes validate
// with and the types they answer. The inbox imports types only.
import { z } from "zod";

import { type CampaignStatus, RECIPIENT_STATES, type RecipientState } from "../campaign-status";

export { CAMPAIGN_STATUSES, type CampaignAction, type CampaignStatus, RECIPIENT_STATES, type RecipientState } from "../campaign-status";

export const campaignBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    channelId: z.string().min(1).max(100),
    template: z
      .object({
        name: z.string().min(1).max(512),
        language: z.string().min(2).max(15),
        /** One value per {{n}} of the body: text, `{{contact.name}}`, `{{contact.phone}}`, `{{contact.<attribute>}}`, with `|fallback`. */
        params: z.array(z.string().max(1024)).max(20).default([]),
      })
      .strict(),
    audience: z
      .object({
        /** Contacts with any of these tags (none given: every contact of the number). */
        tagIds: z.array(z.string().min(1).max(100)).max(50).default([]),
        /** Contacts whose attributes equal all of these. */
        attributes: z.record(z.string().min(1).max(100), z.string().max(500)).default({}),
        /** Exactly these contacts (e.g. an imported list); combined with tags and attributes. */
        contactIds: z.array(z.string().min(1).max(100)).max(100_000).optional(),
      })
      .strict()
      .default({ tagIds: [], attributes: {} }),
    /** When to start (ms since epoch or ISO time); absent: a draft started by hand. */
    scheduledAt: z.union([z.number().int().positive(), z.string().datetime({ offset: true }).transform((s) => Date.parse(s))]).optional(),
  })
  .strict();
export type CampaignBody = z.input<typeof campaignBody>;
export type CampaignDefinition = z.output<typeof campaignBody>;

export interface CampaignCounts {
  total: number;
  queued: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  skipped: number;
  replied: number;
}

export interface Campaign {
  id: string;
  name: string;
  channelId: string;
  template: CampaignDefinition["template"] & { category: string };
  audience: CampaignDefinition["audience"];
  status: CampaignStatus;
  counts: CampaignCounts;
  /**
   * Why sending waits, when it does: the number's messaging limit for 24 h is used up, or only recipients Meta's
   * per-user marketing limit (131049) deferred are left; either until `until`.
   */
  waiting: { reason: "messaging_limit" | "per_user_limit"; until: number } | null;
  /** Why it paused by itself (Meta's error about the template or the number); null when paused by a person. */
  pausedReason?: string | null;
  scheduledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  createdBy: string;
  createdAt: number;
}

export interface CampaignList {
  items: Campaign[];
}

export interface CampaignRecipient {
  contactId: string;
  phone: string;
  name: string | null;
  state: RecipientState;
  /** Why it failed or was skipped (Meta's error, "opted_out", "no_consent", "missing_value:…"). */
  reason: string | null;
  errorCode: number | null;
  conversationId: string | null;
  repliedAt: number | null;
  updatedAt: number;
}

export const recipientsQuery = z.object({
  state: z.enum(RECIPIENT_STATES).optional(),
  replied: z.enum(["true"]).optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface RecipientPage {
  items: CampaignRecipient[];
  /** Pass as `after` for the next page; null at the end. */
  next: number | null;
}
