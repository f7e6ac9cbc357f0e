// /api/conversations: list (D1 index), read, history, claim, reply/note, mark read, media of a message.
// Every call carries the caller as an Actor; the conversation object decides visibility and races.
import { zValidator } from "@hono/zod-validator";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { mediaKey } from "../../durable/outbox";
import { requireActor, requireRole } from "../auth/require-actor";
import { conversationIdFor, isConversationId } from "../../shared/conversation-id";
import { approvedTemplate } from "./approved-template";
import { receiveAttachment } from "../conversations/attachment-upload";
import { decodeCursor, listConversations } from "../conversations/conversation-list";
import { channels } from "../../shared/db-schema";
import { tokenRefOf } from "../../durable/channel-token";
import { assertConversationSends, channelDisabled } from "../channels/sending-allowed";
import type { AppEnv } from "../env";
import { apiError, unwrap } from "../http-errors";
import { peopleIn, personIn, tagsIn, teamIn } from "./lookups";
import { validationHook } from "./validation";
import { rpcStub } from "../../durable/stubs";
import { tagChangeBody } from "../../shared/api/common";
import {
  type AssignResult, type ClaimResult, type ConversationViewResponse, type ListPage, type MessagePage, type PriorityResult, type ReadResult, type ReleaseResult,
  type ReplyResult, type StartResult, type StatusResult, type TagsResult, type TransferResult, assignBody, startBody, historyQuery, listQuery, priorityBody, replyBody, statusBody, transferBody,
} from "../../shared/api/conversations";

function stubFor(env: Env, id: string) {
  if (!isConversationId(id)) throw apiError(404, "not_found", "Conversation not found.");
  return rpcStub(env, "Conversation", id);
}

export const conversationRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .post("/", zValidator("json", startBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    const channel = await drizzle(c.env.DB)
      .select({ id: channels.id, phoneNumberId: channels.phoneNumberId, tokenRef: channels.tokenRef, accessTokenEnc: channels.accessTokenEnc, enabled: channels.enabled })
      .from(channels)
      .where(and(eq(channels.id, body.channelId), eq(channels.workspaceId, c.var.actor.workspaceId)))
      .get();
    if (!channel) throw apiError(404, "not_found", "No such WhatsApp number in this workspace.");
    if (!channel.enabled) throw channelDisabled();
    const template = await approvedTemplate(c.env.DB, channel.id, body.template);
    // The same id the customer's own messages map to: one conversation per number and contact, whoever writes first.
    const conversationId = await conversationIdFor(channel.id, body.to);
    const contact = { key: body.to, waId: body.to, userId: null, name: null, phone: `+${body.to}`, username: null };
    const ref = { conversationId, workspaceId: c.var.actor.workspaceId, channelId: channel.id, phoneNumberId: channel.phoneNumberId, tokenRef: tokenRefOf(channel), contact };
    const result = unwrap(await rpcStub(c.env, "Conversation", conversationId).start(c.var.actor, ref, { template, clientId: body.clientId }));
    return c.json(result satisfies StartResult, result.created ? 201 : 200);
  })
  .get("/", zValidator("query", listQuery, validationHook), async (c) => {
    const q = c.req.valid("query");
    if (q.cursor && !decodeCursor(q.cursor)) throw apiError(400, "invalid_cursor", "The cursor is not one this API gave out.");
    return c.json((await listConversations(c.env.DB, c.var.actor, { ...q, cursor: q.cursor ?? null })) satisfies ListPage);
  })
  .get("/:id", async (c) => c.json(unwrap(await stubFor(c.env, c.req.param("id")).view(c.var.actor)) satisfies ConversationViewResponse))
  .get("/:id/messages", zValidator("query", historyQuery, validationHook), async (c) => {
    const { before, limit } = c.req.valid("query");
    const cursor = before ? { sentAt: Number(before.split(":")[0]), seq: Number(before.split(":")[1]) } : null;
    return c.json(unwrap(await stubFor(c.env, c.req.param("id")).messages(c.var.actor, cursor, limit)) satisfies MessagePage);
  })
  .post("/:id/claim", async (c) => c.json(unwrap(await stubFor(c.env, c.req.param("id")).claim(c.var.actor)) satisfies ClaimResult))
  .post("/:id/release", async (c) => c.json(unwrap(await stubFor(c.env, c.req.param("id")).release(c.var.actor)) satisfies ReleaseResult))
  .post("/:id/transfer", zValidator("json", transferBody, validationHook), async (c) => {
    const { agentId, teamId, note } = c.req.valid("json");
    const stub = stubFor(c.env, c.req.param("id"));
    const [agent, team] = await Promise.all([
      agentId ? personIn(c.env.DB, c.var.actor, agentId) : undefined,
      teamId ? teamIn(c.env.DB, c.var.actor, teamId) : undefined,
    ]);
    return c.json(unwrap(await stub.transfer(c.var.actor, { agent, team }, note)) satisfies TransferResult);
  })
  .post("/:id/assign", requireRole("admin", "supervisor"), zValidator("json", assignBody, validationHook), async (c) => {
    const { agentId } = c.req.valid("json");
    const agent = agentId ? await personIn(c.env.DB, c.var.actor, agentId) : null;
    return c.json(unwrap(await stubFor(c.env, c.req.param("id")).assign(c.var.actor, agent)) satisfies AssignResult);
  })
  .post("/:id/status", zValidator("json", statusBody, validationHook), async (c) => {
    const { status, snoozedUntil } = c.req.valid("json");
    return c.json(unwrap(await stubFor(c.env, c.req.param("id")).setStatus(c.var.actor, status, snoozedUntil)) satisfies StatusResult);
  })
  .post("/:id/priority", zValidator("json", priorityBody, validationHook), async (c) =>
    c.json(unwrap(await stubFor(c.env, c.req.param("id")).setPriority(c.var.actor, c.req.valid("json").priority)) satisfies PriorityResult),
  )
  .post("/:id/tags", zValidator("json", tagChangeBody, validationHook), async (c) => {
    const { add, remove } = c.req.valid("json");
    const [adding, removing] = await Promise.all([tagsIn(c.env.DB, c.var.actor, add), tagsIn(c.env.DB, c.var.actor, remove)]);
    return c.json(unwrap(await stubFor(c.env, c.req.param("id")).changeTags(c.var.actor, adding, removing)) satisfies TagsResult);
  })
  .post("/:id/read", async (c) => c.json(unwrap(await stubFor(c.env, c.req.param("id")).markRead(c.var.actor)) satisfies ReadResult))
  .post("/:id/messages", zValidator("json", replyBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    const stub = stubFor(c.env, c.req.param("id"));
    // A private note is not a send: it stays possible on a disabled number.
    if (!body.private) await assertConversationSends(c.env.DB, c.var.actor.workspaceId, c.req.param("id"));
    let template;
    if (body.template) {
      const { conversation } = unwrap(await stub.view(c.var.actor));
      template = await approvedTemplate(c.env.DB, conversation.channelId, body.template);
    }
    const mentions = body.mentions?.length ? await peopleIn(c.env.DB, c.var.actor, body.mentions) : undefined;
    const result = unwrap(
      await stub.reply(c.var.actor, { text: body.text, private: body.private, clientId: body.clientId, replyTo: body.replyTo, template, mentions, rich: body.rich }),
    );
    return c.json(result satisfies ReplyResult, result.duplicate ? 200 : 201);
  })
  .post("/:id/attachments", async (c) => {
    const stub = stubFor(c.env, c.req.param("id"));
    const storageKey = `${c.var.actor.workspaceId}/${c.req.param("id")}/out-${crypto.randomUUID()}`;
    // Streamed into R2 as it arrives (documents may be 100 MB: never buffered whole). Visibility is checked after the
    // file's type and before its first byte is stored: no file is kept for a conversation the caller cannot see.
    const file = await receiveAttachment(c.req.raw, c.env.MEDIA, storageKey, async () => {
      unwrap(await stub.view(c.var.actor));
      await assertConversationSends(c.env.DB, c.var.actor.workspaceId, c.req.param("id"));
    });
    const result = await stub.sendAttachment(c.var.actor, { ...file, storageKey });
    if (!result.ok || result.value.duplicate) await c.env.MEDIA.delete(storageKey);
    const sent = unwrap(result);
    return c.json(sent satisfies ReplyResult, sent.duplicate ? 200 : 201);
  })
  .get("/:id/messages/:messageId/media", async (c) => {
    const message = unwrap(await stubFor(c.env, c.req.param("id")).message(c.var.actor, c.req.param("messageId")));
    if (!message.media) throw apiError(404, "no_media", "This message has no file.");
    if (message.media.state !== "stored") {
      throw apiError(409, "media_not_ready", message.media.state === "failed" ? `The file could not be copied: ${message.media.error}` : "The file is still being copied from WhatsApp.");
    }
    const object = await c.env.MEDIA.get(message.media.storageKey ?? mediaKey(c.var.actor.workspaceId, message.conversationId, message.id));
    if (!object) throw apiError(404, "media_missing", "The file is no longer stored.");
    // no-store: customers' files must not stay in shared or browser caches after a logout or an erasure.
    const headers = new Headers({ "content-type": message.media.mimeType, "cache-control": "private, no-store", "x-content-type-options": "nosniff" });
    if (message.media.filename) headers.set("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(message.media.filename)}`);
    return new Response(object.body, { headers });
  });
