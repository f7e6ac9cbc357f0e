// A campaign's message carries who it is for in its clientId: "cmp:<campaign>:<recipient>:<attempt>". The
// conversation stores it once per clientId (a repeated send after a crash is the same message), and reads it back
// to tell the campaign how that message fares.

export interface CampaignTag {
  campaignId: string;
  recipientId: number;
  /** 1 for the first send; 2 after Meta's per-user marketing limit (131049) deferred it a day. */
  attempt: number;
}

export const campaignClientId = (t: CampaignTag): string => `cmp:${t.campaignId}:${t.recipientId}:${t.attempt}`;

export function campaignTagOf(clientId: string | null): CampaignTag | null {
  const m = clientId?.match(/^cmp:([A-Za-z0-9_-]+):(\d+):(\d+)$/);
  return m ? { campaignId: m[1]!, recipientId: Number(m[2]), attempt: Number(m[3]) } : null;
}
