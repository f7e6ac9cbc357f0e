// Agent WebSockets through the Worker's gate (/parties/...), authenticated by Bearer token or session cookie.
// Node's built-in WebSocket (Node 22, or Node 20 with --experimental-websocket), else undici's (same class, a
// dependency of wrangler/miniflare). Frames are parsed once, with their arrival time.
const WS = globalThis.WebSocket ?? (await import("undici")).WebSocket;

export function openSocket(baseUrl, path, { token, cookie, onFrame } = {}) {
  const url = baseUrl.replace(/^http/, "ws") + path;
  const headers = token ? { authorization: `Bearer ${token}` } : { cookie, origin: baseUrl };
  const ws = new WS(url, { headers });
  const frames = [];
  const socket = { ws, frames, closed: false, closeCode: null };
  ws.onmessage = (e) => {
    const at = performance.now();
    const frame = JSON.parse(String(e.data));
    frames.push(frame);
    onFrame?.(frame, at);
  };
  ws.onclose = (e) => {
    socket.closed = true;
    socket.closeCode = e.code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket ${path} did not open`)), 10_000);
    ws.onopen = () => (clearTimeout(timer), resolve(socket));
    ws.onerror = (e) => (clearTimeout(timer), reject(new Error(`socket ${path}: ${e.message ?? "error"}`)));
  });
}

export const closeAll = (sockets) => sockets.forEach((s) => s.ws.close(1000, "done"));
