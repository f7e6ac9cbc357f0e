// Service settings: the satisfaction survey per WhatsApp number and the workspace's SLA policies. Only the lazily
// loaded settings section imports this module.
import { request } from "./api";
import type { ChannelPatch, ChannelSettings, Items, Ok, SettingsResponse, SlaPolicyBody, SlaPolicyRecord } from "./types";

export type { ChannelSettings, SlaPolicyBody, SlaPolicyRecord };
export type SurveyPatch = Pick<ChannelPatch, "csatEnabled" | "csatQuestion" | "csatLabels" | "csatThanks">;

const policyPath = (id?: string) => `/api/admin/sla-policies${id ? `/${encodeURIComponent(id)}` : ""}`;

export const serviceApi = {
  channels: async () => (await request<SettingsResponse>("GET", "/api/admin/settings")).channels,
  saveSurvey: (channelId: string, body: SurveyPatch) => request<Ok, ChannelPatch>("PATCH", `/api/admin/channels/${encodeURIComponent(channelId)}`, body),
  policies: async () => (await request<Items<SlaPolicyRecord>>("GET", policyPath())).items,
  createPolicy: (body: SlaPolicyBody) => request<SlaPolicyRecord, SlaPolicyBody>("POST", policyPath(), body),
  replacePolicy: (id: string, body: SlaPolicyBody) => request<SlaPolicyRecord, SlaPolicyBody>("PUT", policyPath(id), body),
  deletePolicy: (id: string) => request<Ok>("DELETE", policyPath(id)),
};
