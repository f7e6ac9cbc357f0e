// Projects a conversation into D1 (contact, listing index, reporting events) from the object's outbox.
// Idempotent: the index row only moves to a newer `version`, events are keyed by id. D1 being slow or down
// only delays this job; the webhook never waits for it.
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { ConversationSummary } from "../shared/model";
import { contacts, conversations, conversationTags, events } from "../worker/db/schema";
import type { ConversationState } from "../shared/model";
import type { ConversationInternals, ConversationStore } from "./conversation-store";

// D1 allows 100 bound parameters per statement; an event row binds 8.
const EVENTS_PER_STATEMENT = 12;
const EVENTS_PER_RUN = 96;

export function contactIdFor(conversationId: string): string {
  return conversationId.replace(/^cv_/, "ct_");
}

export function summaryOf(state: ConversationState & Partial<ConversationInternals>): ConversationSummary {
  return {
    id: state.id,
    workspaceId: state.workspaceId,
    channelId: state.channelId,
    contactId: state.contactId,
    contactName: state.contact.name,
    contactPhone: state.contact.phone,
    status: state.status,
    assigneeId: state.assigneeId,
    assigneeName: state.assigneeName,
    teamId: state.teamId,
    priority: state.priority,
    tagIds: state.tagIds,
    participantIds: state.participantIds,
    snoozedUntil: state.snoozedUntil,
    waitingSince: state.waitingSince,
    lastMessageAt: state.lastMessageAt,
    lastMessagePreview: state.lastMessagePreview,
    lastMessageKind: state.lastMessageKind,
    lastMessageDirection: state.lastMessageDirection,
    lastInboundAt: state.lastInboundAt,
    unreadCount: state.unreadCount,
    version: state.seq,
  };
}

/** Writes one batch to D1. Returns the ids of the events written (to mark them exported) and the version. */
export async function projectToD1(db: D1Database, store: ConversationStore): Promise<{ eventIds: string[]; version: number; more: boolean }> {
  const state = store.state();
  if (!state) return { eventIds: [], version: 0, more: false };
  const d1 = drizzle(db);
  const s = summaryOf(state);
  const contactId = contactIdFor(state.id);
  // The CRM row of this channel contact is always its own; a merge only re-points the conversation.
  const pending = store.unexportedEvents(EVENTS_PER_RUN + 1);
  const batchEvents = pending.slice(0, EVENTS_PER_RUN);

  const contactRow = {
    id: contactId,
    workspaceId: state.workspaceId,
    channelId: state.channelId,
    contactKey: state.contact.key,
    waId: state.contact.waId,
    userId: state.contact.userId,
    // The WhatsApp profile name (not an agent-given name, which lives in contacts.name).
    profileName: state.contact.profileName ?? state.contact.name,
    phone: state.contact.phone,
    firstSeenAt: state.createdAt,
    lastSeenAt: state.lastInboundAt ?? state.createdAt,
  };
  const indexRow = {
    id: s.id,
    workspaceId: s.workspaceId,
    channelId: s.channelId,
    contactId: s.contactId,
    contactName: s.contactName,
    contactPhone: s.contactPhone,
    status: s.status,
    assigneeId: s.assigneeId,
    teamId: s.teamId,
    participantIds: s.participantIds,
    priority: s.priority,
    waitingSince: s.waitingSince,
    snoozedUntil: s.snoozedUntil,
    lastMessageAt: s.lastMessageAt,
    lastMessagePreview: s.lastMessagePreview?.slice(0, 280) ?? null,
    lastMessageKind: s.lastMessageKind,
    lastMessageDirection: s.lastMessageDirection,
    lastInboundAt: s.lastInboundAt,
    unreadCount: s.unreadCount,
    createdAt: state.createdAt,
    version: s.version,
  };
  const { id: _id, createdAt: _c, ...indexUpdate } = indexRow;
  const statements = [
    d1.insert(contacts).values(contactRow).onConflictDoUpdate({
      target: [contacts.channelId, contacts.contactKey],
      set: {
        profileName: sql`coalesce(excluded.profile_name, ${contacts.profileName})`,
        waId: sql`coalesce(excluded.wa_id, ${contacts.waId})`,
        userId: sql`coalesce(excluded.user_id, ${contacts.userId})`,
        phone: sql`coalesce(excluded.phone, ${contacts.phone})`,
        lastSeenAt: sql`max(excluded.last_seen_at, ${contacts.lastSeenAt})`,
      },
    }),
    d1.insert(conversations).values(indexRow).onConflictDoUpdate({
      target: conversations.id,
      set: indexUpdate,
      // Out-of-order drains never move the index backwards.
      setWhere: sql`excluded.version > ${conversations.version}`,
    }),
    // Tags: this job runs one at a time per conversation and reads the newest state, so replace-all is safe.
    d1.delete(conversationTags).where(eq(conversationTags.conversationId, state.id)),
    ...(s.tagIds.length ? [d1.insert(conversationTags).values(s.tagIds.map((tagId) => ({ conversationId: state.id, tagId, workspaceId: state.workspaceId })))] : []),
  ];
  for (let i = 0; i < batchEvents.length; i += EVENTS_PER_STATEMENT) {
    const chunk = batchEvents.slice(i, i + EVENTS_PER_STATEMENT).map((e) => ({
      id: e.id,
      workspaceId: state.workspaceId,
      conversationId: state.id,
      kind: e.kind,
      agentId: e.agentId,
      at: e.at,
      value: e.value,
      data: e.data,
    }));
    statements.push(d1.insert(events).values(chunk).onConflictDoNothing() as never);
  }
  // One batch = one round trip and one D1 transaction.
  await d1.batch(statements as [typeof statements[0], ...typeof statements]);
  return { eventIds: batchEvents.map((e) => e.id), version: s.version, more: pending.length > EVENTS_PER_RUN };
}
