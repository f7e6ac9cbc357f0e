// Campaigns' data (GET/POST /api/campaigns…, supervisors and admins), and what the form needs besides: the
// workspace's numbers and their approved templates. Only the lazily loaded campaigns page imports this module.
import type { Campaign, CampaignBody, CampaignList, RecipientPage, RecipientState } from "../../../shared/api/campaigns";
import { api, q, request } from "./api";
import type { ChannelEntry, Items } from "./types";

import type { CampaignAction } from "../../../shared/campaign-status";

export type { CampaignAction };

export interface RecipientFilter {
  state: RecipientState | null;
  replied: boolean;
}

const one = (id: string) => `/api/campaigns/${encodeURIComponent(id)}`;

export const campaignsApi = {
  list: async () => (await request<CampaignList>("GET", "/api/campaigns")).items,
  get: (id: string) => request<Campaign>("GET", one(id)),
  create: (body: CampaignBody) => request<Campaign, CampaignBody>("POST", "/api/campaigns", body),
  act: (id: string, action: CampaignAction) => request<Campaign>("POST", `${one(id)}/${action}`),
  recipients: (id: string, f: RecipientFilter, after: number, limit = 50) =>
    request<RecipientPage>("GET", `${one(id)}/recipients${q({ state: f.state, replied: f.replied ? "true" : null, after: after || null, limit })}`),
  channels: async () => (await request<Items<ChannelEntry>>("GET", "/api/channels")).items,
  /** Approved templates of one number (the form only offers what can be sent). */
  templates: async (channelId: string) => (await api.templates(channelId)).items.filter((t) => t.status === "APPROVED"),
};
