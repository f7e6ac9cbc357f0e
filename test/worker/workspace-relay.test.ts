// Conversations reach their workspace object through relays that batch many conversations per call, so the
// one-per-workspace object is not called once per message (Cloudflare's per-object limit is about 1,000 req/s).
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../../durable/workspace";
import type { ConversationUpdate } from "../../durable/workspace-api";
import { mergeUpdates, RELAY_SHARDS, relayStub } from "../../durable/workspace-relay";
import { conversationOf } from "./support/api";
import { customerNumber, customerSays } from "./support/whatsapp";

const workspace = () => env.Workspace.getByName("ws_demo");
const received = () => runInDurableObject(workspace(), (ws: Workspace) => ({ ...ws.received }));

function update(version: number, noticeIds: number[], eventIds: string[]): ConversationUpdate {
  return {
    summary: { id: "cv_x", workspaceId: "ws_demo", version, lastMessagePreview: `v${version}` } as ConversationUpdate["summary"],
    assignedAt: version,
    notices: noticeIds.map((id) => ({ id, notice: { kind: "mention", messageId: `m${id}`, agentIds: ["ag_ana"], byName: "Sofía", text: "@Ana", at: id } })),
    createdAt: 1,
    contact: {} as ConversationUpdate["contact"],
    events: eventIds.map((id) => ({ id, workspaceId: "ws_demo", conversationId: "cv_x", kind: "message_in", agentId: null, at: 1, value: null, data: null, teamId: null, channelId: "ch_demo_wa", startedAt: null, waAt: null })),
  };
}

describe("workspace relays", () => {
  it("merge two updates of a conversation: the newest summary, every notice and event once", () => {
    const merged = mergeUpdates(update(3, [1, 2], ["e1", "e2"]), update(5, [2, 3], ["e2", "e3"]));
    expect(merged.summary.version).toBe(5);
    expect(merged.assignedAt).toBe(5);
    expect(merged.notices.map((n) => n.id)).toEqual([1, 2, 3]);
    expect(merged.events.map((e) => e.id)).toEqual(["e1", "e2", "e3"]);
    // An older update arriving late never rolls the summary back.
    expect(mergeUpdates(update(5, [4], []), update(4, [], [])).summary.version).toBe(5);
  });

  it("a burst over 150 conversations reaches the workspace whole, in far fewer calls than updates", async () => {
    const before = await received();
    const customers = Array.from({ length: 150 }, (_, i) => ({ waId: customerNumber(), name: `Ráfaga ${i}` }));
    await Promise.all(customers.map((c) => customerSays(c, "¿Tenéis stock?")));
    const ids = await Promise.all(customers.map((c) => conversationOf(c.waId)));
    // Every conversation is in the workspace's view (the live list and routing read it).
    await expect
      .poll(() => runInDurableObject(workspace(), (ws: Workspace) => ids.filter((id) => ws.store.get(id)?.summary.lastMessagePreview === "¿Tenéis stock?").length), { timeout: 5000 })
      .toBe(150);
    const after = await received();
    const calls = after.calls - before.calls;
    const updates = after.updates - before.updates;
    expect(updates).toBeGreaterThanOrEqual(150);
    // Each relay hands over at once when idle, then batches: at most a few calls per relay, not one per conversation.
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(RELAY_SHARDS * 3);
  }, 60_000);
});

/** A complete update for a conversation the workspace has not heard of. */
function fullUpdate(id: string, version: number, preview: string): ConversationUpdate {
  const contactId = id.replace("cv_", "ct_");
  return {
    summary: {
      id, workspaceId: "ws_demo", channelId: "ch_demo_wa", contactId, contactName: "Begoña Ibáñez", contactPhone: "+34600111222", sla: null,
      status: "resolved", assigneeId: null, assigneeName: null, teamId: null, priority: "normal", tagIds: [], participantIds: [],
      snoozedUntil: null, waitingSince: null, lastMessageAt: 1_000, lastMessagePreview: preview, lastMessageKind: "text",
      lastMessageDirection: "in", lastInboundAt: 1_000, unreadCount: 0, version,
    },
    assignedAt: null,
    notices: [],
    createdAt: 1_000,
    contact: { id: contactId, workspaceId: "ws_demo", channelId: "ch_demo_wa", contactKey: "34600111222", waId: "34600111222", userId: null, profileName: "Begoña", phone: "+34600111222", firstSeenAt: 1_000, lastSeenAt: 1_000 },
    events: [],
  };
}

describe("relay acknowledgements", () => {
  it("resolves a publish only once the workspace object has stored the update", async () => {
    const id = `cv_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
    const ack = await relayStub(env, "ws_demo", id).publish({ ...fullUpdate(id, 3, "¿Llegó mi pedido? 📦"), notices: [{ id: 4, notice: { kind: "mention", messageId: "m4", agentIds: [], byName: "Sofía", text: "@Ana", at: 1 } }] });
    expect(ack).toEqual({ ackedNoticeId: 4 });
    // No waiting: the relay holds nothing of its own, so an ack means the workspace has it.
    const stored = await runInDurableObject(workspace(), (ws: Workspace) => ws.store.get(id)?.summary.lastMessagePreview);
    expect(stored).toBe("¿Llegó mi pedido? 📦");
  });

  it("rejects the publish when the workspace object fails to store the batch, so the conversation retries", async () => {
    const id = `cv_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
    const broken = fullUpdate(id, 1, "roto");
    // A row SQLite refuses (no channel): the workspace's transaction fails and stores nothing.
    (broken.summary as { channelId: string | null }).channelId = null;
    const outcome = await relayStub(env, "ws_demo", id).publish(broken).then(() => "stored", (err: Error) => `rejected: ${err.message}`);
    expect(outcome).toMatch(/^rejected: .*NOT NULL/);
    expect(await runInDurableObject(workspace(), (ws: Workspace) => ws.store.get(id))).toBeNull();
    // The retry with a good update goes through.
    await expect(relayStub(env, "ws_demo", id).publish(fullUpdate(id, 2, "bien"))).resolves.toEqual({ ackedNoticeId: 0 });
  });
});
