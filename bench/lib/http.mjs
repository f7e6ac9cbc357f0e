// A lean keep-alive HTTP client over node:http (lower and steadier overhead than fetch) for the load generator.
// `request` resolves with { status, body, ms } where ms is measured from `startedAt` (open-loop schedules pass theirs).
import http from "node:http";

export function client(baseUrl, { sockets = 1 } = {}) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, scheduling: "fifo" });
  function request(method, path, { body, headers = {}, startedAt } = {}) {
    const t0 = startedAt ?? performance.now();
    const attempt = (retry) =>
      new Promise((resolve) => {
        const req = http.request(
          { host: url.hostname, port: url.port, method, path, agent, headers: { ...headers, ...(body !== undefined ? { "content-length": Buffer.byteLength(body) } : {}) } },
          (res) => {
            const chunks = [];
            res.on("data", (c) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString(), ms: performance.now() - t0 }));
            res.on("error", (err) => resolve({ status: 0, error: err.message, body: "", ms: performance.now() - t0 }));
          },
        );
        req.on("error", (err) => {
          // A kept-alive socket the server closed while idle (its keep-alive timeout, e.g. during an idle wait):
          // the request never reached it, so send it again on a new socket, as Node's docs advise; the time counts.
          if (retry && req.reusedSocket && (err.code === "ECONNRESET" || err.message === "socket hang up")) resolve(attempt(false));
          else resolve({ status: 0, error: err.message, body: "", ms: performance.now() - t0 });
        });
        if (body !== undefined) req.write(body);
        req.end();
      });
    return attempt(true);
  }
  return { request, close: () => agent.destroy() };
}

export function json(res) {
  try {
    return JSON.parse(res.body);
  } catch {
    return null;
  }
}
