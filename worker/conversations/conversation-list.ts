// The conversation list, read from the D1 index: filters, role visibility and cursor pagination
// (newest activity first). Agents only ever get their own and unassigned conversations.
import { and, desc, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Actor, ConversationStatus, ConversationSummary, MessageDirection, MessageKind } from "../../shared/model";
import { conversations } from "../db/schema";

export interface ListFilter {
  assignee: "me" | "unassigned" | "any";
  status: ConversationStatus | "all";
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

export async function listConversations(db: D1Database, actor: Actor, filter: ListFilter): Promise<ConversationListPage> {
  const where: SQL[] = [eq(conversations.workspaceId, actor.workspaceId)];
  if (filter.status !== "all") where.push(eq(conversations.status, filter.status));
  if (filter.assignee === "me") where.push(eq(conversations.assigneeId, actor.agentId));
  if (filter.assignee === "unassigned") where.push(isNull(conversations.assigneeId));
  if (actor.role === "agent") where.push(or(isNull(conversations.assigneeId), eq(conversations.assigneeId, actor.agentId))!);
  const cursor = filter.cursor ? decodeCursor(filter.cursor) : null;
  if (cursor) where.push(or(lt(activity, cursor.at), and(eq(activity, cursor.at), lt(conversations.id, cursor.id)))!);

  const rows = await drizzle(db)
    .select()
    .from(conversations)
    .where(and(...where))
    .orderBy(desc(activity), desc(conversations.id))
    .limit(filter.limit + 1)
    .all();
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      workspaceId: r.workspaceId,
      channelId: r.channelId,
      contactId: r.contactId,
      contactName: r.contactName,
      contactPhone: r.contactPhone,
      status: r.status,
      assigneeId: r.assigneeId,
      priority: r.priority,
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
