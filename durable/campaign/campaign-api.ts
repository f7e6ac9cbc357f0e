// What the Worker and the conversations ask of a campaign's object (durable/campaign/campaign.ts).
import type { Campaign, RecipientPage } from "../../shared/api/campaigns";
import type { MessageStatus } from "../../shared/model";
import type { TemplateHeaderMedia } from "../conversation-api";
import type { Result } from "../result";
import type { CampaignTag } from "./campaign-ids";

/** Everything the object needs to run, resolved by the Worker when the campaign is created. */
export interface CampaignSetup {
  campaign: Campaign;
  workspaceId: string;
  channel: { id: string; phoneNumberId: string; tokenRef: string; throughputMps: number; messagingLimit: number | null };
  /** The approved template's body (with {{n}}) and category, as stored when the campaign was created. */
  templateBody: string;
  /** The template's media header sample, sent as the header of every message (absent: no media header). */
  headerMedia?: TemplateHeaderMedia;
}

/** A conversation reports how a campaign message fares, or that the customer answered it. */
export type CampaignProgress = CampaignTag &
  (
    | { status: MessageStatus; errorCode: number | null; reason: string | null; conversationId: string; messageId: string }
    | { status: "replied"; at: number }
  );

import type { CampaignAction } from "../../shared/campaign-status";

export type { CampaignAction };

export interface CampaignRpc {
  setup(setup: CampaignSetup): Promise<Campaign>;
  view(): Promise<Result<Campaign>>;
  act(action: CampaignAction): Promise<Result<Campaign>>;
  recipients(query: { state?: string; replied?: boolean; after: number; limit: number }): Promise<Result<RecipientPage>>;
  progress(update: CampaignProgress): Promise<void>;
  /** Erasure (data rights): the contacts' recipient rows lose everything personal; returns the rows touched. */
  forgetContacts(contactIds: string[]): Promise<number>;
}
