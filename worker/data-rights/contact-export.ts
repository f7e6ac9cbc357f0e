// GET /api/admin/contacts/:id/export: everything kept about a customer, as a zip (GDPR arts. 15 and 20, ARCO):
//   contact.json                      the contact, its merged duplicates, tags, attributes, opt-out and consent
//   conversations/<id>.json           each conversation's state, every message and internal note, its D1 events
//   files/<conversationId>/<name>     the conversation's files in R2 (WhatsApp media and agents' uploads)
// Streamed: one conversation's history and one file at a time, so a long history never sits in memory.
import { asc, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { contactTags, events, tags } from "../../shared/db-schema";
import type { Message } from "../../shared/model";
import { rpcStub } from "../../durable/stubs";
import { conversationFileKeys, conversationFilesPrefix } from "../../durable/media-files";
import type { ContactScope } from "./contact-scope";
import { type ZipEntry, zipStream } from "./zip-stream";

const HISTORY_PAGE = 500;

export async function contactJson(db: D1Database, scope: ContactScope): Promise<string> {
  const d1 = drizzle(db);
  const tagRows = await d1
    .select({ contactId: contactTags.contactId, id: tags.id, name: tags.name })
    .from(contactTags)
    .innerJoin(tags, eq(tags.id, contactTags.tagId))
    .where(inArray(contactTags.contactId, scope.contactIds))
    .all();
  const withTags = (c: ContactScope["contact"]) => ({ ...c, tags: tagRows.filter((t) => t.contactId === c.id).map(({ id, name }) => ({ id, name })) });
  return JSON.stringify(
    { exportedAt: new Date().toISOString(), contact: withTags(scope.contact), mergedDuplicates: scope.duplicates.map(withTags), conversationIds: scope.conversationIds },
    null,
    2,
  );
}

/** One conversation as JSON, or null when its object holds nothing (a derived id never used). */
async function conversationJson(env: Env, conversationId: string): Promise<string | null> {
  const stub = rpcStub(env, "Conversation", conversationId);
  let page = await stub.exportHistory(0, HISTORY_PAGE);
  if (!page) return null;
  const conversation = page.conversation;
  const messages: Message[] = [...page.messages];
  while (page?.nextAfterSeq != null) {
    page = await stub.exportHistory(page.nextAfterSeq, HISTORY_PAGE);
    if (page) messages.push(...page.messages);
  }
  const eventRows = await drizzle(env.DB).select().from(events).where(eq(events.conversationId, conversationId)).orderBy(asc(events.at)).all();
  return JSON.stringify({ conversation, messages, events: eventRows }, null, 2);
}

async function* entries(env: Env, workspaceId: string, scope: ContactScope): AsyncGenerator<ZipEntry> {
  yield { name: "contact.json", data: await contactJson(env.DB, scope) };
  for (const id of scope.conversationIds) {
    const json = await conversationJson(env, id);
    if (json) yield { name: `conversations/${id}.json`, data: json };
    const prefix = conversationFilesPrefix(workspaceId, id);
    for (const key of await conversationFileKeys(env.MEDIA, workspaceId, id)) {
      const object = await env.MEDIA.get(key);
      if (!object) continue;
      const name = key.startsWith(prefix) ? key.slice(prefix.length) : key.split("/").pop()!;
      yield { name: `files/${id}/${name}`, data: object.body, modifiedAt: object.uploaded.getTime() };
    }
  }
}

export function contactArchive(env: Env, workspaceId: string, scope: ContactScope): ReadableStream<Uint8Array> {
  return zipStream(entries(env, workspaceId, scope));
}
