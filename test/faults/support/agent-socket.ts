// An agent's conversation socket that survives restarts the way the inbox does: it remembers the last sequence
// number it saw and reconnects with ?since=<lastSeq>, keeping every message version it received.
// @ts-expect-error plain ESM helper shared with the benchmark
import { openSocket } from "../../../bench/lib/sockets.mjs";

type Frame = Record<string, any>;
export interface SeenMessage { id: string; status: string; updatedSeq: number; wamid: string | null }

export class AgentSocket {
  lastSeq = 0;
  readonly messages = new Map<string, SeenMessage>();
  readonly reconnects: Array<{ since: number; firstFrame: string | null }> = [];
  #socket: { ws: WebSocket; closed: boolean } | null = null;

  constructor(readonly conversationId: string, readonly token: string) {}

  get open(): boolean {
    return Boolean(this.#socket && !this.#socket.closed);
  }

  async connect(baseUrl: string): Promise<void> {
    const since = this.lastSeq;
    const record = { since, firstFrame: null as string | null };
    this.reconnects.push(record);
    const open = () =>
      openSocket(baseUrl, `/parties/conversation/${this.conversationId}?since=${since}`, {
        token: this.token,
        onFrame: (f: Frame) => {
          if (f.type !== "presence" && f.type !== "pong") record.firstFrame ??= f.type;
          this.#take(f);
        },
      });
    // Like the inbox (partysocket), retry a refused upgrade: right after wrangler dev restarts, the first upgrade it
    // proxies is sometimes refused and the next one, a moment later, goes through. Resync is what is checked.
    for (let attempt = 1; ; attempt++) {
      try {
        this.#socket = await open();
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  }

  #take(f: Frame): void {
    const keep = (m: Frame) => {
      const prev = this.messages.get(m.id);
      if (!prev || prev.updatedSeq <= m.updatedSeq) this.messages.set(m.id, { id: m.id, status: m.status, updatedSeq: m.updatedSeq, wamid: m.wamid });
    };
    if (f.type === "message") keep(f.message);
    if (f.type === "changes" || f.type === "snapshot") f.messages.forEach(keep);
    if (typeof f.seq === "number" && ["message", "conversation", "changes", "snapshot"].includes(f.type)) this.lastSeq = Math.max(this.lastSeq, f.seq);
  }

  close(): void {
    this.#socket?.ws.close(1000, "done");
  }
}
