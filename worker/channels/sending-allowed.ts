// Sending from a number an admin disabled is refused (409) before the conversation object is asked. The common
// case — no disabled number in the workspace — costs one cached D1 read a minute; only then is the conversation's
// number looked up in the D1 index.
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { channels, conversations } from "../../shared/db-schema";
import { apiError } from "../http-errors";

const TTL_MS = 60_000;
const disabledByWorkspace = new Map<string, { ids: Set<string>; at: number }>();

async function disabledChannels(db: D1Database, workspaceId: string): Promise<Set<string>> {
  const hit = disabledByWorkspace.get(workspaceId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.ids;
  const rows = await drizzle(db).select({ id: channels.id }).from(channels).where(and(eq(channels.workspaceId, workspaceId), eq(channels.enabled, false))).all();
  const ids = new Set(rows.map((r) => r.id));
  disabledByWorkspace.set(workspaceId, { ids, at: Date.now() });
  return ids;
}

/** The answer to a send from a disabled number. */
export const channelDisabled = () => apiError(409, "channel_disabled", "This WhatsApp number is disabled. An admin can enable it again in Settings → WhatsApp numbers.");

function refuse(): never {
  throw channelDisabled();
}

/** Throws 409 when the conversation's number is disabled. */
export async function assertConversationSends(db: D1Database, workspaceId: string, conversationId: string): Promise<void> {
  const disabled = await disabledChannels(db, workspaceId);
  if (!disabled.size) return;
  const row = await drizzle(db).select({ channelId: conversations.channelId }).from(conversations).where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, workspaceId))).get();
  if (row && disabled.has(row.channelId)) refuse();
}

/** An admin enabled or disabled a number: this isolate sees it at once (others within a minute). */
export function forgetDisabledChannels(): void {
  disabledByWorkspace.clear();
}
