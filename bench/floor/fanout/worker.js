// Floor 3 (fan-out): a bare Worker + one Durable Object holding 50 agent WebSockets (hibernatable, like the
// product's objects). A signed webhook POST gets the product's request work (../lib/webhook.js: HMAC, parse), one
// RPC to the object named after the sender, which stores the message (one SQLite insert, like the do-insert floor)
// and sends one identical frame to every socket. Measured by bench/metrics/fanout.mjs with the product's client.
import { DurableObject } from "cloudflare:workers";
import { checkedWebhook, firstMessage } from "../lib/webhook.js";

export class Hub extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS msg (id TEXT PRIMARY KEY, body TEXT, at INTEGER)");
  }
  fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  broadcast(id, text) {
    const written = this.ctx.storage.sql.exec("INSERT OR IGNORE INTO msg (id, body, at) VALUES (?, ?, ?)", id, text, Date.now()).rowsWritten;
    if (!written) return 0;
    const frame = JSON.stringify({ type: "message", message: { id, text } });
    const sockets = this.ctx.getWebSockets();
    for (const ws of sockets) ws.send(frame);
    return sockets.length;
  }
  webSocketMessage() {}
  webSocketClose(ws, code) {
    ws.close(code === 1005 ? 1000 : code, "bye");
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const party = /^\/parties\/hub\/([^/]+)$/.exec(url.pathname);
    if (party && request.headers.get("upgrade") === "websocket") return env.Hub.getByName(party[1]).fetch(request);
    if (request.method !== "POST") return new Response("ok");
    const { body, error } = await checkedWebhook(request);
    if (error) return error;
    const message = firstMessage(body);
    if (!message?.from || !message.id) return new Response("no message", { status: 400 });
    const sent = await env.Hub.getByName(message.from).broadcast(message.id, message.text?.body ?? "");
    return Response.json({ sent });
  },
};
