// POST /api/admin/contacts/:id/erase: the customer's data goes from every store (GDPR art. 17, ARCO cancelación).
// Order matters, so that erasure wins over anything already on its way:
//   1. each conversation object wipes its storage, jobs, alarm and files and closes its sockets; a notification it
//      had in flight is dropped (durable/conversation.ts erase);
//   2. the workspace object forgets them (list, index, pending projection) and ignores late notifications from
//      before the erasure, and waits out a D1 write in flight (durable/workspace.ts forgetConversations);
//   3. campaign objects blank the contacts' recipient rows (state kept for the campaign's counts);
//   4. only then the D1 rows go, in one batch: events, conversation tags, conversations, contact tags, contacts.
// The receipt counts what went; the audit entry keeps only ids and those counts.
import { eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { campaigns, contacts, contactTags, conversations, conversationTags, events } from "../../shared/db-schema";
import { rpcStub } from "../../durable/stubs";
import { deleteConversationFiles } from "../../durable/media-files";
import type { ContactScope } from "./contact-scope";
import type { ErasureReceipt } from "../../shared/api/data-rights";


export async function eraseContact(env: Env, workspaceId: string, scope: ContactScope): Promise<ErasureReceipt> {
  const erasedAt = Date.now();
  let conversationCount = 0;
  let messages = 0;
  let files = 0;
  for (const id of scope.conversationIds) {
    const erased = await rpcStub(env, "Conversation", id).erase();
    if (erased.existed) conversationCount++;
    messages += erased.messages;
    files += erased.files;
  }
  await rpcStub(env, "Workspace", workspaceId).forgetConversations(scope.conversationIds, erasedAt);
  const d1 = drizzle(env.DB);
  let campaignRecipients = 0;
  const campaignRows = await d1.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.workspaceId, workspaceId)).all();
  for (const { id } of campaignRows) campaignRecipients += await rpcStub(env, "Campaign", id).forgetContacts(scope.contactIds);
  const ids = scope.conversationIds;
  const results = await d1.batch([
    d1.delete(events).where(inArray(events.conversationId, ids)),
    d1.delete(conversationTags).where(inArray(conversationTags.conversationId, ids)),
    d1.delete(conversations).where(inArray(conversations.id, ids)),
    d1.delete(contactTags).where(inArray(contactTags.contactId, scope.contactIds)),
    d1.delete(contacts).where(inArray(contacts.id, scope.contactIds)),
  ]);
  const tables = ["events", "conversation_tags", "conversations", "contact_tags", "contacts"];
  const d1Rows = Object.fromEntries(tables.map((t, i) => [t, results[i]!.meta.changes]));
  // Files of a conversation whose object was already empty (an earlier, interrupted erasure) go too.
  for (const id of ids) files += await deleteConversationFiles(env.MEDIA, workspaceId, id);
  return {
    contactId: scope.contact.id,
    erasedAt: new Date(erasedAt).toISOString(),
    contacts: scope.contactIds.length,
    conversations: conversationCount,
    messages,
    files,
    campaignRecipients,
    d1Rows,
  };
}
