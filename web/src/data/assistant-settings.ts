// Settings the assistant reads: the workspace's business hours and, per WhatsApp number, when the bot answers and
// what it says. Only the lazily loaded settings sections import this module.
import type { ChannelPatch, Ok, SettingsPatch } from "./types";
import type { BusinessHours } from "../../../shared/business-hours";
import { request } from "./api";

export type { BusinessHours };
export type BotMode = "always" | "outside_hours" | "never";
export interface ChannelBotSettings {
  id: string;
  name: string;
  displayNumber: string;
  botMode: BotMode;
  handoffMessage: string | null;
  greeting: string | null;
  dailyReplyLimit: number | null;
}
export interface AssistantSettings {
  workspace: { timezone: string; businessHours: BusinessHours | null };
  channels: ChannelBotSettings[];
}
export type ChannelBotPatch = Partial<Pick<ChannelBotSettings, "botMode" | "handoffMessage" | "greeting" | "dailyReplyLimit">>;

export const assistantSettingsApi = {
  get: () => request<AssistantSettings>("GET", "/api/admin/settings"),
  saveHours: (businessHours: BusinessHours | null) => request<Ok, SettingsPatch>("PATCH", "/api/admin/settings", { businessHours }),
  saveChannel: (channelId: string, body: ChannelBotPatch) => request<Ok, ChannelPatch>("PATCH", `/api/admin/channels/${encodeURIComponent(channelId)}`, body),
};
