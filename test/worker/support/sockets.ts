// Opens the inbox's WebSockets through the real Worker gate and collects frames.
import { exports } from "cloudflare:workers";
import { type Agent, login } from "./api";

export interface TestSocket {
  frames: Array<Record<string, any>>;
  /** Resolves with the first frame (from now on or already received) that matches. */
  next(match: (frame: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  send(frame: unknown): void;
  close(): void;
  /** Resolves when the server closes the socket, with its close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
}

export async function openSocket(agent: Agent | null, path: string, opts: { origin?: string } = {}): Promise<{ status: number; socket: TestSocket | null }> {
  const headers: Record<string, string> = { upgrade: "websocket", origin: opts.origin ?? "http://colmena.test" };
  if (agent) headers.cookie = await login(agent);
  const res = await exports.default.fetch(`http://colmena.test${path}`, { headers });
  const ws = res.webSocket;
  if (!ws) return { status: res.status, socket: null };
  ws.accept();
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason })));
  const frames: Array<Record<string, any>> = [];
  const waiters: Array<{ match: (f: Record<string, any>) => boolean; resolve: (f: Record<string, any>) => void }> = [];
  ws.addEventListener("message", (event) => {
    const frame = JSON.parse(String(event.data));
    frames.push(frame);
    for (const w of [...waiters]) if (w.match(frame)) waiters.splice(waiters.indexOf(w), 1), w.resolve(frame);
  });
  return {
    status: res.status,
    socket: {
      frames,
      next(match, timeoutMs = 3000) {
        const seen = frames.find(match);
        if (seen) return Promise.resolve(seen);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames).slice(0, 800)}`)), timeoutMs);
          waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
        });
      },
      send: (frame) => ws.send(JSON.stringify(frame)),
      close: () => ws.close(1000, "done"),
      closed,
    },
  };
}
