// What a bot turn reads from D1 besides the knowledge: the workspace's tags (model mode may set them) and the
// per-number daily cap on bot replies: counted from the reporting events in D1 ("bot_reply", written by every
// answer a bot turn sends) since midnight in the workspace's time zone. Events reach D1 within about a second, so
// the cap is exact to within the answers of that last second.
import type { BotPolicy } from "../../shared/bot-policy";
import { dayAfter } from "../../shared/zoned-time";

export async function botRepliesToday(db: D1Database, workspaceId: string, policy: BotPolicy, now: number): Promise<number> {
  const row = await db
    .prepare(
      `SELECT COUNT(*) AS n FROM events e JOIN conversations c ON c.id = e.conversation_id
       WHERE e.workspace_id = ?1 AND e.kind = 'bot_reply' AND e.at >= ?2 AND c.channel_id = ?3`,
    )
    .bind(workspaceId, dayAfter(now, 0, 0, 0, policy.timeZone) /* midnight today, in its zone */, policy.channelId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** The workspace's tags, for the model's set_tags tool (it may only use these). */
export async function workspaceTags(db: D1Database, workspaceId: string): Promise<Array<{ id: string; name: string }>> {
  const { results } = await db.prepare("SELECT id, name FROM tags WHERE workspace_id = ? ORDER BY name").bind(workspaceId).all<{ id: string; name: string }>();
  return results;
}
