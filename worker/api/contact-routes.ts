// /api/contacts: the small CRM. Profile (name, phone, tags, attributes, notes), every conversation of the
// contact with its open/resolved history, edits, and merging a duplicate into it (supervisors and admins).
// Agents reach a contact only through a conversation they may see; names and merges reach the conversations.
import { zValidator } from "@hono/zod-validator";
import { and, asc, desc, eq, inArray, isNull, like, or, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { Actor } from "../../shared/model";
import { requireActor, requireRole } from "../auth/require-actor";
import { visibleTo } from "../conversations/conversation-list";
import { contacts, contactTags, conversations, events } from "../../shared/db-schema";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { tagsIn } from "./lookups";
import { validationHook } from "./validation";
import { rpcStub } from "../../durable/stubs";
import { type Items, type Ok, tagChangeBody } from "../../shared/api/common";
import { type ContactSearchItem, type ContactView, type MergeResult, contactPatchBody, contactSearchQuery, mergeBody } from "../../shared/api/contacts";

/** The contact, if the caller may see it: same workspace, and for agents at least one visible conversation of it. */
async function contactFor(db: D1Database, actor: Actor, id: string) {
  const d1 = drizzle(db);
  const contact = await d1.select().from(contacts).where(and(eq(contacts.id, id), eq(contacts.workspaceId, actor.workspaceId))).get();
  const visibility = visibleTo(actor);
  const reachable =
    contact &&
    (!visibility ||
      (await d1.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.contactId, contact.id), visibility)).limit(1).get()));
  if (!contact || !reachable) throw apiError(404, "not_found", "Contact not found.");
  return contact;
}

/** Tells every conversation of a contact about a new name or a merge (the objects own what agents see). */
async function syncConversations(env: Env, contactId: string, update: { contactId?: string; name?: string | null }): Promise<void> {
  const rows = await drizzle(env.DB).select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, contactId)).all();
  await Promise.all(rows.map((r) => rpcStub(env, "Conversation", r.id).linkContact(update)));
}

export const contactRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .get("/", zValidator("query", contactSearchQuery, validationHook), async (c) => {
    const pattern = `%${c.req.valid("query").q.replace(/[%_]/g, "")}%`;
    const rows = await drizzle(c.env.DB)
      .select({ id: contacts.id, name: contacts.name, profileName: contacts.profileName, phone: contacts.phone, lastSeenAt: contacts.lastSeenAt })
      .from(contacts)
      .where(
        and(
          eq(contacts.workspaceId, c.var.actor.workspaceId),
          isNull(contacts.mergedInto),
          or(like(contacts.name, pattern), like(contacts.profileName, pattern), like(contacts.phone, pattern)),
          // Agents find the contacts of conversations they may see.
          ...(visibleTo(c.var.actor) ? [sql`exists (select 1 from ${conversations} where ${conversations.contactId} = ${contacts.id} and ${visibleTo(c.var.actor)})`] : []),
        ),
      )
      .orderBy(desc(contacts.lastSeenAt))
      .limit(50)
      .all();
    return c.json({ items: rows } satisfies Items<ContactSearchItem>);
  })
  .get("/:id", async (c) => {
    const contact = await contactFor(c.env.DB, c.var.actor, c.req.param("id"));
    const d1 = drizzle(c.env.DB);
    const visibility = visibleTo(c.var.actor);
    const [tagRows, conversationRows] = await Promise.all([
      d1.select({ tagId: contactTags.tagId }).from(contactTags).where(eq(contactTags.contactId, contact.id)).all(),
      d1
        .select({ id: conversations.id, channelId: conversations.channelId, status: conversations.status, assigneeId: conversations.assigneeId, lastMessageAt: conversations.lastMessageAt, lastMessagePreview: conversations.lastMessagePreview, createdAt: conversations.createdAt })
        .from(conversations)
        .where(and(eq(conversations.workspaceId, c.var.actor.workspaceId), eq(conversations.contactId, contact.id), visibility))
        .orderBy(desc(conversations.lastMessageAt))
        .all(),
    ]);
    const cycles = conversationRows.length
      ? await d1
          .select({ conversationId: events.conversationId, kind: events.kind, at: events.at, agentId: events.agentId, value: events.value })
          .from(events)
          .where(and(inArray(events.conversationId, conversationRows.map((r) => r.id)), inArray(events.kind, ["conversation_created", "reopened", "resolved", "assigned", "transferred"])))
          .orderBy(asc(events.at))
          .limit(500)
          .all()
      : [];
    return c.json({ contact: { ...contact, tagIds: tagRows.map((t) => t.tagId) }, conversations: conversationRows, history: cycles } satisfies ContactView);
  })
  .patch("/:id", zValidator("json", contactPatchBody, validationHook), async (c) => {
    const contact = await contactFor(c.env.DB, c.var.actor, c.req.param("id"));
    const { optedOut, marketingConsent, ...body } = c.req.valid("json");
    const now = Date.now();
    const opt = optedOut === undefined ? {} : { optedOutAt: optedOut ? (contact.optedOutAt ?? now) : null, optChangedAt: now };
    // Consent keeps the date it was first given; an agent may record it on an opted-out contact (they said so).
    const consent = marketingConsent === undefined ? {} : { marketingConsentAt: marketingConsent ? (contact.marketingConsentAt ?? now) : null };
    await drizzle(c.env.DB).update(contacts).set({ ...body, ...opt, ...consent }).where(eq(contacts.id, contact.id));
    if (body.name !== undefined) await syncConversations(c.env, contact.id, { name: body.name });
    return c.json({ ok: true } satisfies Ok);
  })
  .post("/:id/tags", zValidator("json", tagChangeBody, validationHook), async (c) => {
    const contact = await contactFor(c.env.DB, c.var.actor, c.req.param("id"));
    const { add, remove } = c.req.valid("json");
    await Promise.all([tagsIn(c.env.DB, c.var.actor, add), tagsIn(c.env.DB, c.var.actor, remove)]);
    const d1 = drizzle(c.env.DB);
    await d1.batch([
      d1.delete(contactTags).where(and(eq(contactTags.contactId, contact.id), inArray(contactTags.tagId, remove.length ? remove : [""]))),
      ...add.map((tagId) => d1.insert(contactTags).values({ contactId: contact.id, tagId }).onConflictDoNothing()),
    ]);
    return c.json({ ok: true } satisfies Ok);
  })
  .post("/:id/merge", requireRole("admin", "supervisor"), zValidator("json", mergeBody, validationHook), async (c) => {
    const primary = await contactFor(c.env.DB, c.var.actor, c.req.param("id"));
    const duplicate = await contactFor(c.env.DB, c.var.actor, c.req.valid("json").duplicateId);
    if (primary.id === duplicate.id) throw apiError(422, "same_contact", "A contact cannot be merged into itself.");
    if (primary.mergedInto) throw apiError(422, "merged", "That contact was itself merged into another one.");
    if (duplicate.mergedInto) throw apiError(422, "merged", "The duplicate was already merged.");
    const d1 = drizzle(c.env.DB);
    const duplicateTags = await d1.select({ tagId: contactTags.tagId }).from(contactTags).where(eq(contactTags.contactId, duplicate.id)).all();
    await d1.batch([
      d1.update(conversations).set({ contactId: primary.id }).where(eq(conversations.contactId, duplicate.id)),
      d1.update(contacts).set({ mergedInto: primary.id }).where(eq(contacts.id, duplicate.id)),
      // The primary's values win; the duplicate fills the gaps.
      d1.update(contacts).set({
        attributes: { ...duplicate.attributes, ...primary.attributes },
        notes: [primary.notes, duplicate.notes].filter(Boolean).join("\n\n") || null,
        name: primary.name ?? duplicate.name,
        phone: primary.phone ?? duplicate.phone,
        firstSeenAt: Math.min(primary.firstSeenAt, duplicate.firstSeenAt),
        lastSeenAt: Math.max(primary.lastSeenAt, duplicate.lastSeenAt),
      }).where(eq(contacts.id, primary.id)),
      ...duplicateTags.map((t) => d1.insert(contactTags).values({ contactId: primary.id, tagId: t.tagId }).onConflictDoNothing()),
    ]);
    // The conversation objects own contactId and the name agents see; the index follows their projection.
    await syncConversations(c.env, primary.id, { contactId: primary.id, name: primary.name ?? duplicate.name ?? null });
    return c.json({ ok: true, mergedInto: primary.id } satisfies MergeResult);
  });
