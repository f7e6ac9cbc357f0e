// Floor 2: what our webhook path cannot avoid: one RPC to a Durable Object that does one idempotent
// SQLite insert (durable before the answer), then 200. No HMAC, no parsing, no sockets, no outbox.
import { DurableObject } from "cloudflare:workers";

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
    const url = new URL(request.url);
    if (request.method !== "POST") return new Response("ok");
    const room = url.searchParams.get("room") ?? "r1";
    const id = url.searchParams.get("id") ?? crypto.randomUUID();
    const written = await env.Room.getByName(room).insert(id, await request.text());
    return new Response(written ? "stored" : "dup");
  },
};
