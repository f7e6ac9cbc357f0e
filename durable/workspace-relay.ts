// Relays between conversations and their workspace object. A workspace has one object, and at 1,000 messages/s
// spread over many conversations one notification each would put it at Cloudflare's per-object limit. Each
// conversation notifies one of a few relays (always the same one, chosen by its id); a relay merges what arrives
// within a short window, in memory, and hands the workspace object one batch per window (durable/flush.ts).
// Nothing is stored here: the conversation's notify job is the durable record. `publish` resolves only once the
// workspace object stored the batch carrying the update, and rejects if that hand-over failed (the conversation
// then retries its job); if this instance goes away, the conversation's call fails and it retries too.
import { DurableObject } from "cloudflare:workers";
import { RelayBatcher } from "./relay-batcher";
import { rpcStub } from "./stubs";
import type { ConversationUpdate, RelayRpc } from "./workspace-api";

export { mergeUpdates } from "./relay-batcher";

export const RELAY_SHARDS = 8;

export function relayStub(env: Env, workspaceId: string, conversationId: string): RelayRpc {
  return rpcStub(env, "WorkspaceRelay", `${workspaceId}/${shardOf(conversationId)}`);
}

function shardOf(conversationId: string): number {
  let h = 2166136261; // FNV-1a: stable across isolates and deploys, so a conversation keeps its relay
  for (let i = 0; i < conversationId.length; i++) h = Math.imul(h ^ conversationId.charCodeAt(i), 16777619);
  return (h >>> 0) % RELAY_SHARDS;
}

export class WorkspaceRelay extends DurableObject<Env> implements RelayRpc {
  readonly #batcher = new RelayBatcher((updates) =>
    // A relay serves one workspace (its name starts with the workspace id), so any update names it.
    rpcStub(this.env, "Workspace", updates[0]!.summary.workspaceId).publishBatch(updates),
  );

  publish(update: ConversationUpdate): Promise<{ ackedNoticeId: number }> {
    return this.#batcher.publish(update);
  }
}
