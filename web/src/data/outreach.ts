// Writing first: the workspace's WhatsApp numbers and starting a conversation with a template. Only the lazily
// loaded "Nueva conversación" dialog imports this module.
import { request } from "./api";
import type { ChannelEntry, Items, StartBody, StartResult } from "./types";

export type { ChannelEntry };

export const outreachApi = {
  channels: async () => (await request<Items<ChannelEntry>>("GET", "/api/channels")).items,
  start: (body: StartBody) => request<StartResult, StartBody>("POST", "/api/conversations", body),
};

// The phone rules live in shared/phone.ts: the contacts import reads numbers the same way.
export { CALLING_CODES, callingCodeOf, toE164Digits } from "../../../shared/phone";
