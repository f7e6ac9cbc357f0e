// The Workspace Durable Object: one per workspace, it feeds every agent's live conversation list.
// Conversation objects publish summaries here, off the webhook's critical path. Under load it coalesces:
// the first change goes out at once, changes arriving during the next few milliseconds go out together,
// keeping only the newest version of each conversation. Each socket only receives what its agent may see.
import { type Connection, type ConnectionContext, Server } from "partyserver";
import type { Actor, ConversationSummary } from "../shared/model";
import { CLOSE_FORBIDDEN, workspaceClientFrame, type WorkspaceServerFrame } from "../shared/protocol";
import { ACTOR_HEADER, decodeActor } from "./conversation-api";
import { canSee } from "./conversation-rules";

/** Window in which list updates are merged into one frame once traffic is flowing. */
const COALESCE_MS = 25;

export class Workspace extends Server<Env> {
  static options = { hibernate: true };

  #pending = new Map<string, ConversationSummary>();
  /** Newest version sent per conversation, so a late publish never rolls a row back. */
  #sent = new Map<string, number>();
  #lastFlush = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  async publish(summaries: ConversationSummary[]): Promise<void> {
    for (const s of summaries) {
      if ((this.#sent.get(s.id) ?? -1) >= s.version) continue;
      const queued = this.#pending.get(s.id);
      if (!queued || queued.version < s.version) this.#pending.set(s.id, s);
    }
    if (this.#pending.size === 0 || this.#timer) return;
    const wait = COALESCE_MS - (Date.now() - this.#lastFlush);
    if (wait <= 0) this.#flush();
    else this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = null;
    this.#lastFlush = Date.now();
    const items = [...this.#pending.values()];
    this.#pending.clear();
    for (const s of items) this.#sent.set(s.id, s.version);
    if (this.#sent.size > 50_000) this.#sent.clear(); // bounded memory; clients also keep the newest version
    for (const conn of this.getConnections<{ actor: Actor }>()) {
      const actor = conn.state?.actor;
      if (!actor) continue;
      const visible = items.filter((s) => canSee(s, actor));
      // Rows the agent may not see (claimed by someone else) go out as bare ids, so the list drops them
      // without learning anything about them.
      const hidden = items.filter((s) => !canSee(s, actor)).map((s) => s.id);
      if (visible.length || hidden.length) this.#send(conn, { type: "conversations", items: visible, hidden });
    }
  }

  #send(conn: Connection, frame: WorkspaceServerFrame): void {
    try {
      conn.send(JSON.stringify(frame));
    } catch {
      /* socket closing */
    }
  }

  onConnect(conn: Connection<{ actor: Actor }>, ctx: ConnectionContext): void {
    const actor = decodeActor(ctx.request.headers.get(ACTOR_HEADER));
    if (!actor || actor.workspaceId !== this.name) {
      this.#send(conn, { type: "error", code: "forbidden", message: "Not your workspace." });
      conn.close(CLOSE_FORBIDDEN, "forbidden");
      return;
    }
    conn.setState({ actor });
  }

  onMessage(conn: Connection, raw: string | ArrayBuffer | ArrayBufferView): void {
    try {
      const frame = workspaceClientFrame.safeParse(JSON.parse(typeof raw === "string" ? raw : ""));
      if (frame.success && frame.data.type === "ping") this.#send(conn, { type: "pong" });
      else this.#send(conn, { type: "error", code: "bad_frame", message: "Unrecognized frame." });
    } catch {
      this.#send(conn, { type: "error", code: "bad_frame", message: "Frames must be JSON." });
    }
  }

  onError(): void {}
}
