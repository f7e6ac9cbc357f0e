// Retention (issue 13): a workspace with `retention_days` deletes the messages and files of conversations resolved
// and quiet for longer than that. The conversation itself stays (status, owner, tags, dates, the D1 row and its
// reporting events, which hold ids, times and durations, never message text): reports keep counting it, nobody can
// read it any more. Run daily by the workspace's alarm (timers.ts); each conversation re-checks before deleting.
import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { conversations } from "../../shared/db-schema";
import { rpcStub } from "../stubs";
import type { RetentionSweep } from "../workspace-api";

export const RETENTION_MARK = "retention_swept";
export const RETENTION_EVERY_MS = 24 * 3_600_000;
/** Conversations purged per sweep; a longer backlog continues at the next alarm (the mark is not moved). */
export const RETENTION_BATCH = 200;
const DAY_MS = 24 * 3_600_000;

export async function sweepRetention(env: Env, workspaceId: string, retentionDays: number | null, now: number): Promise<RetentionSweep & { more: boolean }> {
  const sweep = { retentionDays, conversations: 0, messages: 0, files: 0, more: false };
  if (retentionDays === null) return sweep;
  const cutoff = now - retentionDays * DAY_MS;
  // A purged conversation has no last message kind left (nor preview): it is not picked again.
  const rows = await drizzle(env.DB)
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.status, "resolved"),
        lt(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`, cutoff),
        isNotNull(conversations.lastMessageKind),
      ),
    )
    .limit(RETENTION_BATCH)
    .all();
  for (const { id } of rows) {
    const purged = await rpcStub(env, "Conversation", id).purgeHistory(cutoff);
    if (!purged.purged) continue;
    sweep.conversations++;
    sweep.messages += purged.messages;
    sweep.files += purged.files;
  }
  sweep.more = rows.length === RETENTION_BATCH;
  return sweep;
}
