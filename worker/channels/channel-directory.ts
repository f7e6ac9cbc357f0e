// Finds the channel (and so the workspace) of a WhatsApp phone_number_id. Cached in the isolate so the
// webhook does not read D1 on every delivery; a D1 outage falls back to the last known answer.
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { channels } from "../../shared/db-schema";

export interface Channel {
  id: string;
  workspaceId: string;
  phoneNumberId: string;
  displayNumber: string;
  wabaId: string;
  tokenRef: string;
}

const FOUND_TTL_MS = 60_000;
const MISSING_TTL_MS = 5_000;
const cache = new Map<string, { channel: Channel | null; at: number }>();

export async function channelByPhoneNumberId(db: D1Database, phoneNumberId: string): Promise<Channel | null> {
  const hit = cache.get(phoneNumberId);
  const now = Date.now();
  if (hit && now - hit.at < (hit.channel ? FOUND_TTL_MS : MISSING_TTL_MS)) return hit.channel;
  try {
    const row = await drizzle(db)
      .select({
        id: channels.id,
        workspaceId: channels.workspaceId,
        phoneNumberId: channels.phoneNumberId,
        displayNumber: channels.displayNumber,
        wabaId: channels.wabaId,
        tokenRef: channels.tokenRef,
      })
      .from(channels)
      .where(eq(channels.phoneNumberId, phoneNumberId))
      .get();
    cache.set(phoneNumberId, { channel: row ?? null, at: now });
    return row ?? null;
  } catch (err) {
    if (hit) return hit.channel; // stale beats unavailable
    throw err;
  }
}

/** Tests and admin changes drop the cache so a new number is seen at once. */
export function forgetChannels(): void {
  cache.clear();
}
