// Customers' data rights (issue 13): an admin exports everything about a contact (its merged duplicates too) as a
// zip, erases it from every store with a receipt, retention deletes old resolved histories, and the audit log
// records each of these without a customer's number.
import { env, exports } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Conversation } from "../../durable/conversation";
import { sampleFile } from "../../worker/sim/sample-media";
import { api, apiJson, conversationOf, login } from "./support/api";
import { openSocket } from "./support/sockets";
import { customerNumber, customerSays } from "./support/whatsapp";
import { resetSimulator } from "./sim-helpers";

const contactOf = (conversationId: string) => conversationId.replace(/^cv_/, "ct_");

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 30));
  }
}

const d1Row = (id: string) => env.DB.prepare("SELECT * FROM conversations WHERE id = ?").bind(id).first<Record<string, unknown>>();

async function upload(id: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set("file", new File([bytes], "plano.png", { type: "image/png" }));
  const res = await exports.default.fetch(`http://colmena.test/api/conversations/${id}/attachments`, {
    method: "POST",
    headers: { cookie: await login("admin"), origin: "http://colmena.test" },
    body: form,
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

/** Reads a zip's central directory (what any unzip tool does) and returns each entry's bytes. */
function unzip(buffer: ArrayBuffer): Map<string, Uint8Array> {
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  let end = buffer.byteLength - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const dataAt = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    out.set(name, bytes.slice(dataAt, dataAt + size));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

/** Every text column of every D1 table holding `needle`: "table.column" for each hit. */
async function d1Mentions(needle: string): Promise<string[]> {
  const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'").all<{ name: string }>();
  const hits: string[] = [];
  for (const { name } of tables.results) {
    const columns = await env.DB.prepare(`PRAGMA table_info("${name}")`).all<{ name: string; type: string }>();
    for (const column of columns.results) {
      if (!/TEXT|^$/i.test(column.type)) continue;
      const row = await env.DB.prepare(`SELECT 1 FROM "${name}" WHERE "${column.name}" LIKE ? LIMIT 1`).bind(`%${needle}%`).first();
      if (row) hits.push(`${name}.${column.name}`);
    }
  }
  return hits;
}

/** Every row of every table in a conversation object's SQLite, as text. */
async function objectStorageText(conversationId: string): Promise<string> {
  return runInDurableObject(env.Conversation.getByName(conversationId), (_c: Conversation, state) => {
    const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").toArray();
    return tables.map((t) => JSON.stringify(state.storage.sql.exec(`SELECT * FROM "${t.name}"`).toArray())).join("\n");
  });
}

describe("a contact's data rights", () => {
  const primary = { waId: customerNumber(), name: "Xiomara Prima" };
  const duplicate = { waId: customerNumber(), name: "Xiomara Dos" };
  let primaryConversation = "";
  let duplicateConversation = "";
  const image = sampleFile("image", "image/png")!.bytes;

  beforeAll(async () => {
    await resetSimulator();
    await customerSays(primary, `hola, mi número es ${primary.waId}`);
    await customerSays(duplicate, "soy la misma persona desde otro móvil");
    primaryConversation = await conversationOf(primary.waId);
    duplicateConversation = await conversationOf(duplicate.waId);
    await eventually(() => d1Row(duplicateConversation), (r) => r !== null);
    await eventually(() => d1Row(primaryConversation), (r) => r !== null);
    expect([200, 201]).toContain((await apiJson("admin", "POST", `/api/conversations/${primaryConversation}/messages`, { text: "nota interna sobre Xiomara", private: true })).status);
    await upload(primaryConversation, image);
    const merged = await apiJson("admin", "POST", `/api/contacts/${contactOf(primaryConversation)}/merge`, { duplicateId: contactOf(duplicateConversation) });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
  });

  it("only admins export, erase or read the audit log", async () => {
    for (const who of ["sofia", "ana"] as const) {
      expect((await api(who, "GET", `/api/admin/contacts/${contactOf(primaryConversation)}/export`)).status).toBe(403);
      expect((await api(who, "POST", `/api/admin/contacts/${contactOf(primaryConversation)}/erase`)).status).toBe(403);
      expect((await api(who, "GET", "/api/admin/audit")).status).toBe(403);
      expect((await api(who, "GET", "/api/admin/audit.csv")).status).toBe(403);
    }
    expect((await apiJson("admin", "GET", "/api/admin/contacts/ct_nobody/export")).status).toBe(404);
    expect((await apiJson("admin", "GET", "/api/admin/audit?from=yesterday")).status).toBe(400);
  });

  it("exports the contact, every conversation (the merged duplicate's too) with notes and events, and the files", async () => {
    const res = await api("admin", "GET", `/api/admin/contacts/${contactOf(primaryConversation)}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/attachment/);
    const files = unzip(await res.arrayBuffer());
    const text = (name: string) => new TextDecoder().decode(files.get(name));
    const contact = JSON.parse(text("contact.json"));
    expect(contact.contact.id).toBe(contactOf(primaryConversation));
    expect(contact.mergedDuplicates.map((d: { id: string }) => d.id)).toEqual([contactOf(duplicateConversation)]);
    const main = JSON.parse(text(`conversations/${primaryConversation}.json`));
    expect(main.messages.map((m: { text: string | null }) => m.text)).toEqual(expect.arrayContaining([`hola, mi número es ${primary.waId}`, "nota interna sobre Xiomara"]));
    expect(main.events.some((e: { kind: string }) => e.kind === "conversation_created")).toBe(true);
    const dup = JSON.parse(text(`conversations/${duplicateConversation}.json`));
    expect(dup.messages[0].text).toBe("soy la misma persona desde otro móvil");
    const stored = [...files.keys()].filter((n) => n.startsWith(`files/${primaryConversation}/`));
    expect(stored).toHaveLength(1);
    expect(files.get(stored[0]!)).toEqual(image);
  });

  it("erases every trace: D1, R2, the objects, the list and open sockets; a new message starts afresh", async () => {
    const { socket } = await openSocket("admin", `/parties/conversation/${primaryConversation}`);
    await socket!.next((f) => f.type === "snapshot");
    const erased = await apiJson("admin", "POST", `/api/admin/contacts/${contactOf(primaryConversation)}/erase`);
    expect(erased.status).toBe(200);
    const receipt = erased.body.receipt;
    expect(receipt).toMatchObject({ contactId: contactOf(primaryConversation), contacts: 2, conversations: 2, files: 1 });
    expect(receipt.messages).toBeGreaterThanOrEqual(4);
    expect(receipt.d1Rows.contacts).toBe(2);
    expect(receipt.d1Rows.conversations).toBe(2);
    expect(receipt.d1Rows.events).toBeGreaterThan(0);
    expect(Date.parse(receipt.erasedAt)).toBeGreaterThan(Date.now() - 60_000);
    await socket!.next((f) => f.type === "error" && f.code === "forbidden");

    expect((await api("admin", "GET", `/api/contacts/${contactOf(primaryConversation)}`)).status).toBe(404);
    expect((await api("admin", "GET", `/api/conversations/${primaryConversation}`)).status).toBe(404);
    expect((await api("admin", "GET", `/api/conversations/${duplicateConversation}`)).status).toBe(404);
    const list = await apiJson("admin", "GET", "/api/conversations?status=all");
    expect(JSON.stringify(list.body)).not.toContain(primaryConversation);
    const search = await apiJson("admin", "GET", `/api/contacts?q=${primary.waId}`);
    expect(search.body.items).toEqual([]);
    // Late projection writes (none should come) get their chance before the scan.
    await new Promise((r) => setTimeout(r, 400));
    for (const number of [primary.waId, duplicate.waId]) expect(await d1Mentions(number)).toEqual([]);
    expect(await d1Mentions("Xiomara")).toEqual([]);
    const r2 = await env.MEDIA.list();
    expect(r2.objects.filter((o) => o.key.includes(primaryConversation) || o.key.includes(duplicateConversation))).toEqual([]);
    for (const id of [primaryConversation, duplicateConversation]) {
      const stored = await objectStorageText(id);
      expect(stored).not.toContain(primary.waId);
      expect(stored).not.toContain(duplicate.waId);
      expect(stored).not.toContain("Xiomara");
    }

    // The customer writes again: a new conversation with nothing of the old one.
    await customerSays(primary, "otra vez yo");
    const again = await apiJson("admin", "GET", `/api/conversations/${primaryConversation}/messages`);
    expect(again.status).toBe(200);
    expect(again.body.messages.map((m: { text: string }) => m.text)).toEqual(["otra vez yo"]);
    const row = await eventually(() => d1Row(primaryConversation), (r) => r !== null);
    expect(row?.last_message_preview).toBe("otra vez yo");
  });

  it("records the export and the erasure in the audit log, without the customer's number", async () => {
    const log = await apiJson("admin", "GET", "/api/admin/audit");
    expect(log.status).toBe(200);
    const actions = log.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["contact.export", "contact.erase"]));
    expect(actions.indexOf("contact.erase")).toBeLessThan(actions.indexOf("contact.export"));
    const erase = log.body.items.find((e: { action: string }) => e.action === "contact.erase");
    expect(erase).toMatchObject({ actorId: "ag_admin", targetId: contactOf(primaryConversation), detail: expect.objectContaining({ conversations: 2, files: 1 }) });
    const csv = await api("admin", "GET", "/api/admin/audit.csv?action=contact.erase");
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const csvText = await csv.text();
    expect(csvText).toContain("contact.erase");
    expect(csvText).not.toContain("contact.export");
    for (const text of [JSON.stringify(log.body), csvText]) {
      expect(text).not.toContain(primary.waId);
      expect(text).not.toContain(duplicate.waId);
      expect(text).not.toContain("Xiomara");
    }
  });
});

describe("the audit log", () => {
  it("records role changes, deactivation, reactivation, invites, settings, tokens, rules and SLA policies; paged newest first", async () => {
    const since = Date.now();
    expect((await api("admin", "PATCH", "/api/admin/agents/ag_carla", { role: "supervisor" })).status).toBe(200);
    expect((await api("admin", "PATCH", "/api/admin/agents/ag_carla", { role: "agent" })).status).toBe(200);
    expect((await api("admin", "POST", "/api/admin/agents/ag_carla/deactivate")).status).toBe(200);
    expect((await api("admin", "POST", "/api/admin/agents/ag_carla/reactivate")).status).toBe(200);
    expect((await api("admin", "POST", "/api/admin/invites", { email: `nueva-${Date.now()}@demo.test`, name: "Nueva", role: "agent", teamIds: [] })).status).toBe(201);
    expect((await api("admin", "PATCH", "/api/admin/settings", { agentsSeeAll: false })).status).toBe(200);
    const token = await apiJson("admin", "POST", "/api/auth/tokens", { name: "auditoría", expiresInDays: 7 });
    expect((await api("admin", "DELETE", `/api/auth/tokens/${token.body.id}`)).status).toBe(200);
    const rule = await apiJson("admin", "POST", "/api/admin/rules", { name: "Auditada", conditions: { textContains: ["x"] }, actions: { priority: "high" } });
    expect((await api("admin", "DELETE", `/api/admin/rules/${rule.body.id}`)).status).toBe(200);
    const sla = await apiJson("admin", "POST", "/api/admin/sla-policies", { name: "Auditada", firstResponseSeconds: 600 });
    expect(sla.status, JSON.stringify(sla.body)).toBe(201);
    expect((await api("admin", "DELETE", `/api/admin/sla-policies/${sla.body.id}`)).status).toBe(200);

    const all: Array<{ action: string; at: number; detail: any; targetId: string | null }> = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await apiJson("admin", "GET", `/api/admin/audit?from=${since}&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort((a, b) => b - a));
    expect(new Set(all.map((e) => e.action))).toEqual(
      new Set(["person.role", "person.deactivate", "person.reactivate", "person.invite", "settings.update", "token.create", "token.delete", "rule.create", "rule.delete", "sla.create", "sla.delete"]),
    );
    expect(all.filter((e) => e.action === "person.role").map((e) => e.detail)).toEqual(expect.arrayContaining([expect.objectContaining({ from: "agent", to: "supervisor" })]));
    const byActor = await apiJson("admin", "GET", `/api/admin/audit?actorId=ag_nobody&from=${since}`);
    expect(byActor.body.items).toEqual([]);
    expect((await apiJson("admin", "GET", "/api/admin/audit?cursor=nonsense")).status).toBe(400);
  });

  it("cannot be changed through the API", async () => {
    for (const method of ["PUT", "PATCH", "DELETE", "POST"]) expect((await api("admin", method, "/api/admin/audit", method === "DELETE" ? undefined : {})).status).toBe(404);
  });
});

describe("retention", () => {
  it("is off by default; once set, the daily sweep deletes old resolved conversations' messages and files, not open ones", async () => {
    const settings = await apiJson("admin", "GET", "/api/admin/settings");
    expect(settings.body.workspace.retentionDays).toBeNull();
    const old = { waId: customerNumber(), name: "Antiguo" };
    const open = { waId: customerNumber(), name: "Abierto" };
    await customerSays(old, "una consulta de hace tiempo");
    await customerSays(open, "sigo esperando");
    const oldId = await conversationOf(old.waId);
    const openId = await conversationOf(open.waId);
    await upload(oldId, sampleFile("image", "image/png")!.bytes);
    expect((await api("admin", "POST", `/api/conversations/${oldId}/status`, { status: "resolved" })).status).toBe(200);
    await eventually(() => d1Row(oldId), (r) => r?.status === "resolved");
    await eventually(() => d1Row(openId), (r) => r !== null);
    const workspace = env.Workspace.getByName("ws_demo");

    // Off: nothing happens, however far ahead.
    expect(await workspace.sweepRetention(Date.now() + 400 * 86_400_000)).toMatchObject({ retentionDays: null, conversations: 0 });
    expect((await api("admin", "PATCH", "/api/admin/settings", { retentionDays: 0 })).status).toBe(400);
    expect((await api("admin", "PATCH", "/api/admin/settings", { retentionDays: 30 })).status).toBe(200);
    expect((await apiJson("admin", "GET", "/api/admin/settings")).body.workspace.retentionDays).toBe(30);
    // Not old enough yet.
    expect(await workspace.sweepRetention(Date.now() + 29 * 86_400_000)).toMatchObject({ conversations: 0 });
    const swept = await workspace.sweepRetention(Date.now() + 31 * 86_400_000);
    expect(swept.conversations).toBeGreaterThanOrEqual(1);
    expect(swept.files).toBeGreaterThanOrEqual(1);

    const history = await apiJson("admin", "GET", `/api/conversations/${oldId}/messages`);
    expect(history.status).toBe(200);
    expect(history.body.messages).toEqual([]);
    expect((await env.MEDIA.list({ prefix: `ws_demo/${oldId}/` })).objects).toEqual([]);
    const view = await apiJson("admin", "GET", `/api/conversations/${oldId}`);
    expect(view.body.conversation.status).toBe("resolved");
    const row = await eventually(() => d1Row(oldId), (r) => r?.last_message_preview === null);
    expect(row?.last_message_preview).toBeNull();
    expect(await objectStorageText(oldId)).not.toContain("una consulta de hace tiempo");
    // The open conversation keeps everything.
    const kept = await apiJson("admin", "GET", `/api/conversations/${openId}/messages`);
    expect(kept.body.messages.map((m: { text: string }) => m.text)).toEqual(["sigo esperando"]);
    // Swept once: the next sweep finds nothing more to delete.
    expect((await workspace.sweepRetention(Date.now() + 31 * 86_400_000)).conversations).toBe(0);
    expect((await api("admin", "PATCH", "/api/admin/settings", { retentionDays: null })).status).toBe(200);
  });
});
