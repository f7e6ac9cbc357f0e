// A relay's in-memory batching (durable/relay-batcher.ts): a publish settles with the hand-over that carried it —
// resolved only once the workspace stored the batch, rejected when that failed, so the conversation retries.
import { describe, expect, it } from "vitest";
import { RelayBatcher } from "../../durable/relay-batcher";
import type { ConversationUpdate } from "../../durable/workspace-api";

function update(conversation: string, version: number, noticeIds: number[]): ConversationUpdate {
  return {
    summary: { id: conversation, workspaceId: "ws_demo", version, lastMessagePreview: `¿Hay talla M? v${version} 👕` } as ConversationUpdate["summary"],
    assignedAt: null,
    notices: noticeIds.map((id) => ({ id, notice: { kind: "mention", messageId: `m${id}`, agentIds: ["ag_ana"], byName: "Sofía", text: "@Ana mira esto", at: id } })),
    createdAt: 1,
    contact: {} as ConversationUpdate["contact"],
    events: [],
  };
}

function deferred() {
  let resolve: () => void = () => {};
  let reject: (e: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("relay batching", () => {
  it("resolves a publish only after the workspace stored the batch carrying it", async () => {
    const stored = deferred();
    const batches: ConversationUpdate[][] = [];
    const relay = new RelayBatcher((updates) => (batches.push(updates), stored.promise), { delayMs: 5 });
    let settled = false;
    const ack = relay.publish(update("cv_a", 1, [7])).then((v) => ((settled = true), v));
    await tick(30);
    expect(batches).toHaveLength(1);
    expect(settled).toBe(false);
    stored.resolve();
    expect(await ack).toEqual({ ackedNoticeId: 7 });
  });

  it("merges what arrives within the window into one call, one row per conversation, each caller acked for its own notices", async () => {
    const batches: ConversationUpdate[][] = [];
    const relay = new RelayBatcher(async (updates) => void batches.push(updates), { delayMs: 10 });
    const acks = await Promise.all([relay.publish(update("cv_a", 1, [1])), relay.publish(update("cv_b", 4, [])), relay.publish(update("cv_a", 2, [2, 3]))]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((u) => [u.summary.id, u.summary.version, u.notices.map((n) => n.id)])).toEqual([["cv_a", 2, [1, 2, 3]], ["cv_b", 4, []]]);
    expect(acks.map((a) => a.ackedNoticeId)).toEqual([1, 0, 3]);
  });

  it("rejects every publish of a batch the workspace failed to store, and later publishes go through", async () => {
    let fail = true;
    const relay = new RelayBatcher(async () => {
      if (fail) throw new Error("workspace no disponible");
    }, { delayMs: 5 });
    const results = await Promise.allSettled([relay.publish(update("cv_a", 1, [1])), relay.publish(update("cv_b", 1, [2]))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    // The conversation's retry (after the relay's short backoff) is stored and acked.
    expect(await relay.publish(update("cv_a", 2, [1, 5]))).toEqual({ ackedNoticeId: 5 });
  });

  it("a publish arriving while a batch is in flight waits for its own batch, not the one in flight", async () => {
    const first = deferred();
    const batches: string[][] = [];
    let calls = 0;
    const relay = new RelayBatcher((updates) => {
      batches.push(updates.map((u) => `${u.summary.id}@${u.summary.version}`));
      return ++calls === 1 ? first.promise : Promise.resolve();
    }, { delayMs: 5 });
    const a = relay.publish(update("cv_a", 1, []));
    await tick(20);
    let laterSettled = false;
    const later = relay.publish(update("cv_a", 2, [9])).then((v) => ((laterSettled = true), v));
    first.reject(new Error("caída"));
    await expect(a).rejects.toThrow("caída");
    expect(laterSettled).toBe(false);
    expect(await later).toEqual({ ackedNoticeId: 9 });
    expect(batches).toEqual([["cv_a@1"], ["cv_a@2"]]);
  });
});
