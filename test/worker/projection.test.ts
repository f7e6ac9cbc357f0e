// The D1 projection writes many conversations, tags and events per batch without crossing D1's 100-parameter
// limit, never moves a row backwards, and is idempotent.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type ConversationRecord, type ReportEvent, writeProjection } from "../../durable/projection";
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
