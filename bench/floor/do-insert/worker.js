// Floor 2: the least our webhook path can do. The same request work as the product (signed body of the same size,
// HMAC check on the raw bytes, JSON parse: ../lib/webhook.js), then one RPC to the Durable Object named after the
// sender (one object per conversation, like the product) that runs one idempotent SQLite insert of the message
// (durable before the answer), then 200. No state row, no events, no outbox, no sockets, no notification.
import { DurableObject } from "cloudflare:workers";
import { checkedWebhook, firstMessage } from "../lib/webhook.js";

export class Room extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS msg (id TEXT PRIMARY KEY, body TEXT, at INTEGER)");
  }
  insert(id, body) {
    return this.ctx.storage.sql.exec("INSERT OR IGNORE INTO msg (id, body, at) VALUES (?, ?, ?)", id, body, Date.now()).rowsWritten;
  }
}

export default {
  async fetch(request, env) {
    if (request.method !== "POST") return new Response("ok");
    const { body, error } = await checkedWebhook(request);
    if (error) return error;
    const message = firstMessage(body);
    if (!message?.from || !message.id) return new Response("no message", { status: 400 });
    const written = await env.Room.getByName(message.from).insert(message.id, message.text?.body ?? "");
    return new Response(written ? "stored" : "dup");
  },
};
