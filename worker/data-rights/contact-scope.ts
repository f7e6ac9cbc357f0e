// Whose data a request about one contact covers: the contact, the duplicates merged into it (contacts.merged_into)
// and every conversation of any of them — as D1 lists them (conversations.contact_id), plus the conversation each
// contact's channel and key derive (shared/conversation-id.ts), whose object may hold history D1 has not heard of yet.
import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { contacts, conversations } from "../../shared/db-schema";
import { apiError } from "../http-errors";
import { conversationIdFor } from "../../shared/conversation-id";

export type ContactRow = typeof contacts.$inferSelect;

export interface ContactScope {
  contact: ContactRow;
  duplicates: ContactRow[];
  contactIds: string[];
  conversationIds: string[];
}

export async function contactScope(db: D1Database, workspaceId: string, contactId: string): Promise<ContactScope> {
  const d1 = drizzle(db);
  const contact = await d1.select().from(contacts).where(and(eq(contacts.id, contactId), eq(contacts.workspaceId, workspaceId))).get();
  if (!contact) throw apiError(404, "not_found", "Contact not found.");
  const duplicates = await d1.select().from(contacts).where(and(eq(contacts.mergedInto, contact.id), eq(contacts.workspaceId, workspaceId))).all();
  const contactIds = [contact.id, ...duplicates.map((d) => d.id)];
  const listed = await d1
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.contactId, contactIds)))
    .all();
  const derived = await Promise.all([contact, ...duplicates].map((c) => conversationIdFor(c.channelId, c.contactKey)));
  return { contact, duplicates, contactIds, conversationIds: [...new Set([...listed.map((r) => r.id), ...derived])] };
}
