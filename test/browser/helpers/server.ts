// Stopping and starting the local server from a test (through global-setup's control endpoint), and the
// workspace fixtures tests need that the demo seed does not have (teams, tags, canned replies), made over the API.
import type { APIRequestContext } from "playwright-core";

export async function stopServer(controlUrl: string): Promise<void> {
  const r = await fetch(`${controlUrl}/stop`, { method: "POST" });
  if (!r.ok) throw new Error(`stop failed: ${await r.text()}`);
}

export async function startServer(controlUrl: string): Promise<void> {
  const r = await fetch(`${controlUrl}/start`, { method: "POST" });
  if (!r.ok) throw new Error(`start failed: ${await r.text()}`);
}

/** Creates a tag (or finds the one with that name) as an admin or supervisor; resolves to its id. */
export async function ensureTag(request: APIRequestContext, name: string, color: string): Promise<string> {
  const list = (await (await request.get("/api/tags")).json()) as { items: Array<{ id: string; name: string }> };
  const found = list.items.find((t) => t.name === name);
  if (found) return found.id;
  const r = await request.post("/api/admin/tags", { data: { name, color } });
  if (!r.ok()) throw new Error(`tag ${name}: ${r.status()} ${await r.text()}`);
  return ((await r.json()) as { id: string }).id;
}

export async function ensureCanned(request: APIRequestContext, reply: { shortcut: string; title: string; body: string }): Promise<void> {
  const list = (await (await request.get("/api/canned-replies")).json()) as { items: Array<{ shortcut: string }> };
  if (list.items.some((c) => c.shortcut === reply.shortcut)) return;
  const r = await request.post("/api/admin/canned-replies", { data: reply });
  if (!r.ok()) throw new Error(`canned ${reply.shortcut}: ${r.status()} ${await r.text()}`);
}
