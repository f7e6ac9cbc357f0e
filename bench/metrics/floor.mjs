// The lab floor on this machine: a bare Worker answering GET, and a bare Worker → Durable Object → SQLite
// insert, both under `wrangler dev` like the product, sequential, after a warm-up. Ratios in run.mjs use these.
import { groupCpu, waitIdle } from "../lib/cpu.mjs";
import { client } from "../lib/http.mjs";
import { sequential } from "../lib/load.mjs";
import { searchRate } from "../lib/rate-search.mjs";
import { startFloor } from "../lib/servers.mjs";
import { summarize } from "../lib/stats.mjs";

const WARMUP = 500;
const SAMPLES = 3000;

export async function measureFloor({ port, stateDir, ingest = false, log = () => {} }) {
  const out = {};
  const hello = await startFloor("hello", port, `${stateDir}/floor-hello`);
  try {
    const http = client(hello.url);
    await sequential(WARMUP, () => http.request("GET", "/"));
    out.hello = summarize((await sequential(SAMPLES, () => http.request("GET", "/"))).samples);
    http.close();
  } finally {
    await hello.stop();
  }
  const insert = await startFloor("do-insert", port + 1, `${stateDir}/floor-do`);
  try {
    const http = client(insert.url);
    const body = JSON.stringify({ from: "34600111222", text: "Hola, ¿tenéis cita mañana?" });
    const send = (i) => http.request("POST", `/?room=r1&id=m${i}`, { body, headers: { "content-type": "application/json" } });
    await sequential(WARMUP, (i) => send(i));
    out.doInsert = summarize((await sequential(SAMPLES, (i) => send(WARMUP + i))).samples);
    // Same path when the id is already stored (the idempotent no-op).
    out.doInsertDup = summarize((await sequential(1000, (i) => send(i))).samples);
    http.close();
    if (ingest) {
      // The ingest ceiling of that floor: the same open-loop 5 s probes as the product's ingest, over 1,000 objects.
      // No 30 s hold: wrangler dev's own stalls (p99 > 100 ms, proxy 503s) fail it even for this bare Worker.
      const wide = client(insert.url, { sockets: 256 });
      const sendAt = (i, startedAt) => wide.request("POST", `/?room=r${i % 1000}&id=i${i}`, { body, headers: { "content-type": "application/json" }, startedAt });
      for (let i = 0; i < 1000; i += 16) await Promise.all(Array.from({ length: 16 }, (_, j) => sendAt(100_000 + i + j)));
      out.ingest = await searchRate({ label: "floor ingest", log, send: sendAt, settle: () => waitIdle(insert.process.pid), cpu: () => groupCpu(insert.process.pid), startRate: 60, sustain: false });
      wide.close();
    }
  } finally {
    await insert.stop();
  }
  return out;
}
