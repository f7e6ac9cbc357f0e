// The D1 projection writes many conversations, tags and events per batch without crossing D1's 100-parameter
// limit, never moves a row backwards, and is idempotent; a row D1 rejects is set aside instead of stalling the rest.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type ConversationRecord, type ReportEvent, writeProjection } from "../../durable/projection";
import { isRejectedRow } from "../../durable/projection-errors";
import type { Workspace } from "../../durable/workspace";
import type { ConversationSummary } from "../../shared/model";

function record(i: number, version: number, preview: string): ConversationRecord {
  const id = `cv_${i.toString(16).padStart(24, "0")}`;
  const summary: ConversationSummary = {
    id, workspaceId: "ws_demo", channelId: "ch_demo_wa", contactId: id.replace("cv_", "ct_"), contactName: `Cliente ${i} Ñandú`, sla: null,
    contactPhone: `+3460000${i}`, status: "open", assigneeId: null, assigneeName: null, teamId: null, priority: "normal",
    tagIds: ["tag_a", "tag_b", "tag_c"], participantIds: ["ag_ana"], snoozedUntil: null, waitingSince: 1_000, lastMessageAt: 1_000 + i,
    lastMessagePreview: preview, lastMessageKind: "text", lastMessageDirection: "in", lastInboundAt: 1_000, unreadCount: 1, version,
  };
  return {
    summary,
    createdAt: 1_000,
    contact: { id: summary.contactId, workspaceId: "ws_demo", channelId: "ch_demo_wa", contactKey: `3460000${i}`, waId: `3460000${i}`, userId: null, profileName: summary.contactName, phone: summary.contactPhone, firstSeenAt: 1_000, lastSeenAt: 1_000 },
  };
}

const event = (i: number): ReportEvent => ({ id: `ev_${i}`, workspaceId: "ws_demo", conversationId: "cv_000000000000000000000001", kind: "message_in", agentId: null, at: 1_000 + i, value: null, data: { kind: "text" }, teamId: null, channelId: "ch_demo_wa", startedAt: null, waAt: 1_000 + i });
const ZONE = { timeZone: "Europe/Madrid", businessHours: null };

describe("D1 projection batches", () => {
  it("writes 100 conversations with tags and 300 events in one batch", async () => {
    await writeProjection(env.DB, Array.from({ length: 100 }, (_, i) => record(i + 1, 5, "hola")), Array.from({ length: 300 }, (_, i) => event(i)), ZONE);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM conversations WHERE id LIKE 'cv_0000000000%'").first<{ n: number }>();
    expect(n!.n).toBe(100);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE id LIKE 'ev_%'").first<{ n: number }>())!.n).toBe(300);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM conversation_tags WHERE conversation_id LIKE 'cv_0000000000%'").first<{ n: number }>())!.n).toBe(300);
  });

  it("never moves a conversation back to an older version, and writing twice changes nothing", async () => {
    await writeProjection(env.DB, [record(500, 9, "nuevo")], [event(1)], ZONE);
    await writeProjection(env.DB, [record(500, 3, "viejo")], [event(1)], ZONE);
    const row = await env.DB.prepare("SELECT version, last_message_preview AS preview FROM conversations WHERE id = ?").bind(record(500, 0, "").summary.id).first();
    expect(row).toMatchObject({ version: 9, preview: "nuevo" });
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE id = 'ev_1'").first<{ n: number }>())!.n).toBe(1);
  });
});

describe("what the workspace object still owes D1", () => {
  it("is found through an index of owed rows only, not by reading every conversation", async () => {
    const plans = await runInDurableObject(env.Workspace.getByName("ws_demo"), (_ws, state) =>
      [
        "SELECT summary, created_at, contact, version FROM conversations WHERE projected_version < version AND contact IS NOT NULL LIMIT 100",
        "SELECT 1 FROM conversations WHERE projected_version < version AND contact IS NOT NULL LIMIT 1",
      ].map((q) => state.storage.sql.exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${q}`).toArray().map((r) => r.detail).join(" | ")),
    );
    for (const plan of plans) expect(plan).toContain("USING INDEX conversations_unprojected_only_idx");
  });
});

describe("what the projection writes again", () => {
  const ws = () => env.Workspace.getByName("ws_demo");
  const id = "cv_00000000000000000000beef";
  function update(version: number, opts: { profileName?: string; tagIds?: string[] } = {}) {
    const r = record(0xbeef, version, `versión ${version} — ¿me escucháis? 🎧`);
    r.summary.tagIds = opts.tagIds ?? ["tag_a"];
    r.contact.profileName = opts.profileName ?? "Cliente Ñandú";
    return { summary: r.summary, assignedAt: null, notices: [], createdAt: r.createdAt, contact: r.contact, events: [] };
  }
  const indexed = async () => (await env.DB.prepare("SELECT version FROM conversations WHERE id = ?").bind(id).first<{ version: number }>())?.version ?? 0;
  const contactName = async () => (await env.DB.prepare("SELECT profile_name AS n FROM contacts WHERE id = ?").bind(id.replace("cv_", "ct_")).first<{ n: string }>())?.n;
  const tags = async () => (await env.DB.prepare("SELECT tag_id AS t FROM conversation_tags WHERE conversation_id = ? ORDER BY tag_id").bind(id).all<{ t: string }>()).results.map((r) => r.t);
  const projected = async (version: number) => {
    const deadline = Date.now() + 5_000;
    while ((await indexed()) < version && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await indexed()).toBe(version);
  };

  it("skips a contact and a tag set D1 already has, and writes them once they change", async () => {
    await ws().publishBatch([update(1)]);
    await projected(1);
    expect(await contactName()).toBe("Cliente Ñandú");
    expect(await tags()).toEqual(["tag_a"]);
    // Marks in D1 that a rewrite would erase: the contact row's name and an extra tag row.
    await env.DB.prepare("UPDATE contacts SET profile_name = 'sin reescribir' WHERE id = ?").bind(id.replace("cv_", "ct_")).run();
    await env.DB.prepare("INSERT INTO conversation_tags (conversation_id, tag_id, workspace_id) VALUES (?, 'tag_marca', 'ws_demo')").bind(id).run();
    // A new message: the summary changed, the contact and tags did not.
    await ws().publishBatch([update(2)]);
    await projected(2);
    expect(await contactName()).toBe("sin reescribir");
    expect(await tags()).toEqual(["tag_a", "tag_marca"]);
    // Now they change: both are written.
    await ws().publishBatch([update(3, { profileName: "Cliente Ñandú 🐦", tagIds: ["tag_b"] })]);
    await projected(3);
    expect(await contactName()).toBe("Cliente Ñandú 🐦");
    expect(await tags()).toEqual(["tag_b"]);
  });
});

describe("a row D1 rejects", () => {
  const ws = () => env.Workspace.getByName("ws_demo");
  const base = 0xbad00;
  const idOf = (i: number) => record(base + i, 1, "").summary.id;
  function update(i: number, version: number, opts: { lastSeenAt?: number; events?: ReportEvent[] } = {}) {
    const r = record(base + i, version, `mensaje ${version} de ${i}`);
    r.summary.tagIds = ["tag_a"];
    // NaN travels as JSON null (as an absurd timestamp's arithmetic once did): D1's contacts.last_seen_at is NOT NULL.
    if (opts.lastSeenAt !== undefined) r.contact.lastSeenAt = opts.lastSeenAt;
    return { summary: r.summary, assignedAt: null, notices: [], createdAt: r.createdAt, contact: r.contact, events: opts.events ?? [] };
  }
  const badEvent = (): ReportEvent => ({ ...event(0), id: "ev_bad_at", conversationId: idOf(1), at: Number.NaN, waAt: null });
  const goodEvent = (): ReportEvent => ({ ...event(0), id: "ev_good_next_to_bad", conversationId: idOf(0) });
  const indexed = async (id: string) => (await env.DB.prepare("SELECT version FROM conversations WHERE id = ?").bind(id).first<{ version: number }>())?.version ?? 0;
  const until = async (ok: () => Promise<boolean>) => {
    const deadline = Date.now() + 8_000;
    while (!(await ok()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await ok()).toBe(true);
  };

  it("is set aside with D1's error while the rest of its batch lands, and later batches keep flowing", async () => {
    await ws().publishBatch([update(0, 1, { events: [goodEvent()] }), update(1, 1, { lastSeenAt: Number.NaN, events: [badEvent()] }), update(2, 1)]);
    await until(async () => (await indexed(idOf(0))) === 1 && (await indexed(idOf(2))) === 1);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE id = 'ev_good_next_to_bad'").first<{ n: number }>())!.n).toBe(1);
    expect(await indexed(idOf(1))).toBe(0);

    const rejects = await ws().projectionRejects();
    const conversation = rejects.find((r) => r.kind === "conversation" && r.id === idOf(1));
    expect(conversation).toMatchObject({ version: 1, error: expect.stringMatching(/NOT NULL constraint failed: contacts\.last_seen_at/) });
    expect(rejects.find((r) => r.kind === "event" && r.id === "ev_bad_at")).toBeDefined();
    // Nothing is owed any more: the bad rows are not retried forever.
    expect(await runInDurableObject(ws(), (w: Workspace) => w.store.hasUnprojected())).toBe(false);

    // Later changes flow, including a newer, valid version of the conversation that was rejected.
    await ws().publishBatch([update(0, 2), update(1, 2)]);
    await until(async () => (await indexed(idOf(0))) === 2 && (await indexed(idOf(1))) === 2);
  });
});

describe("which projection failures are the rows' fault", () => {
  it("tells D1 rejecting values from D1 failing", () => {
    expect(isRejectedRow(new Error("D1_ERROR: NOT NULL constraint failed: contacts.last_seen_at: SQLITE_CONSTRAINT"))).toBe(true);
    expect(isRejectedRow(new Error("Failed query: insert …", { cause: new Error("D1_TYPE_ERROR: Type 'undefined' not supported for value 'undefined'") }))).toBe(true);
    expect(isRejectedRow(new Error("D1_ERROR: injected failure (development fault injection)"))).toBe(false);
    expect(isRejectedRow(new Error("D1 DB is overloaded. Too many requests queued."))).toBe(false);
    expect(isRejectedRow(new Error("Network connection lost."))).toBe(false);
  });
});
