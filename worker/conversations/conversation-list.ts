// The conversation list, read from the D1 index: filters, role visibility and cursor pagination (newest activity
// first). Agents get their own, unassigned, their teams' conversations — or all, when the workspace allows it.
import { BOT_AGENT_ID } from "../../shared/model";
import { and, desc, eq, inArray, isNull, like, lt, or, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Actor, ConversationStatus, ConversationSummary, MessageDirection, MessageKind, Priority } from "../../shared/model";
import { agents, contacts, conversations, conversationTags } from "../../shared/db-schema";

export interface ListFilter {
  assignee: "me" | "unassigned" | "bot" | "any";
  status: ConversationStatus | "all";
  teamId?: string;
  tagId?: string;
  priority?: Priority;
  /** Contact name, phone or last message contains this. */
  q?: string;
  cursor: string | null;
  limit: number;
}

export interface ConversationListPage {
  items: ConversationSummary[];
  nextCursor: string | null;
}

const activity = sql<number>`coalesce(${conversations.lastMessageAt}, 0)`;

export function encodeCursor(at: number, id: string): string {
  return btoa(`${at}:${id}`).replace(/=+$/, "");
}

export function decodeCursor(cursor: string): { at: number; id: string } | null {
  try {
    const [at, id] = atob(cursor).split(":");
    return at && id && /^\d+$/.test(at) ? { at: Number(at), id } : null;
  } catch {
    return null;
  }
}

/** The SQL twin of `canSee` (durable/conversation-rules.ts) for lists. */
export function visibleTo(actor: Actor): SQL | undefined {
  if (actor.role !== "agent" || actor.seeAll) return undefined;
  const mentioned = sql`exists (select 1 from json_each(${conversations.participantIds}) where value = ${actor.agentId})`;
  const own = or(isNull(conversations.assigneeId), eq(conversations.assigneeId, actor.agentId), mentioned)!;
  return actor.teamIds.length ? or(own, inArray(conversations.teamId, [...actor.teamIds])) : own;
}

export function filterConditions(actor: Actor, filter: Omit<ListFilter, "cursor" | "limit">): SQL[] {
  const where: SQL[] = [eq(conversations.workspaceId, actor.workspaceId)];
  if (filter.status !== "all") where.push(eq(conversations.status, filter.status));
  if (filter.assignee === "me") where.push(eq(conversations.assigneeId, actor.agentId));
  if (filter.assignee === "unassigned") where.push(isNull(conversations.assigneeId));
  if (filter.assignee === "bot") where.push(eq(conversations.assigneeId, BOT_AGENT_ID));
  if (filter.teamId) where.push(eq(conversations.teamId, filter.teamId));
  if (filter.priority) where.push(eq(conversations.priority, filter.priority));
  if (filter.tagId) {
    where.push(sql`exists (select 1 from ${conversationTags} where ${conversationTags.conversationId} = ${conversations.id} and ${conversationTags.tagId} = ${filter.tagId})`);
  }
  if (filter.q?.trim()) {
    const pattern = `%${filter.q.trim().replace(/[%_]/g, "")}%`;
    where.push(or(like(conversations.contactName, pattern), like(conversations.contactPhone, pattern), like(conversations.lastMessagePreview, pattern))!);
  }
  const visibility = visibleTo(actor);
  if (visibility) where.push(visibility);
  return where;
}

export async function listConversations(db: D1Database, actor: Actor, filter: ListFilter): Promise<ConversationListPage> {
  const where = filterConditions(actor, filter);
  const cursor = filter.cursor ? decodeCursor(filter.cursor) : null;
  if (cursor) where.push(or(lt(activity, cursor.at), and(eq(activity, cursor.at), lt(conversations.id, cursor.id)))!);

  const rows = await drizzle(db)
    .select({
      c: conversations,
      assigneeName: agents.name,
      contactDisplayName: contacts.name,
      tagIds: sql<string | null>`(select group_concat(${conversationTags.tagId}) from ${conversationTags} where ${conversationTags.conversationId} = ${conversations.id})`,
    })
    .from(conversations)
    .leftJoin(agents, eq(agents.id, conversations.assigneeId))
    .leftJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(...where))
    .orderBy(desc(activity), desc(conversations.id))
    .limit(filter.limit + 1)
    .all();
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1]?.c;
  return {
    items: page.map(({ c: r, assigneeName, contactDisplayName, tagIds }) => ({
      id: r.id,
      workspaceId: r.workspaceId,
      channelId: r.channelId,
      contactId: r.contactId,
      contactName: contactDisplayName ?? r.contactName,
      contactPhone: r.contactPhone,
      status: r.status,
      assigneeId: r.assigneeId,
      assigneeName,
      teamId: r.teamId,
      priority: r.priority,
      tagIds: tagIds ? tagIds.split(",") : [],
      participantIds: r.participantIds,
      snoozedUntil: r.snoozedUntil,
      waitingSince: r.waitingSince,
      sla: r.sla ?? null,
      lastMessageAt: r.lastMessageAt,
      lastMessagePreview: r.lastMessagePreview,
      lastMessageKind: r.lastMessageKind as MessageKind | null,
      lastMessageDirection: r.lastMessageDirection as MessageDirection | null,
      lastInboundAt: r.lastInboundAt,
      unreadCount: r.unreadCount,
      version: r.version,
    })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.lastMessageAt ?? 0, last.id) : null,
  };
}
