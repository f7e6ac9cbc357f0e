// Floor 4 (claim race): a bare Worker where each claim is one RPC to ONE Durable Object that runs one tiny SQLite
// update (first caller wins) and answers 200, or 409 naming the owner. No authentication lookup: the Bearer value
// is the agent. `POST /create?id=` adds the unclaimed row (the product's webhook creates the conversation).
// Measured by bench/metrics/claim.mjs with the product's client, rounds and concurrency.
import { DurableObject } from "cloudflare:workers";

export class Claims extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS claim (id TEXT PRIMARY KEY, owner TEXT)");
  }
  create(id) {
    this.ctx.storage.sql.exec("INSERT OR IGNORE INTO claim (id, owner) VALUES (?, NULL)", id);
  }
  claim(id, agent) {
    const sql = this.ctx.storage.sql;
    if (sql.exec("UPDATE claim SET owner = ? WHERE id = ? AND owner IS NULL", agent, id).rowsWritten) return { won: true };
    return { won: false, owner: sql.exec("SELECT owner FROM claim WHERE id = ?", id).one()?.owner ?? null };
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const id = url.searchParams.get("id");
    if (request.method !== "POST" || !id) return new Response("ok");
    const claims = env.Claims.getByName("claims");
    if (url.pathname === "/create") {
      await claims.create(id);
      return new Response("created");
    }
    const agent = request.headers.get("authorization")?.slice("Bearer ".length) ?? "";
    const r = await claims.claim(id, agent);
    return r.won ? Response.json({ ok: true }) : Response.json({ error: "already_claimed", details: { owner: { id: r.owner } } }, { status: 409 });
  },
};
