// The lab floor on this machine: a bare Worker answering GET, and a bare Worker → Durable Object → SQLite
// insert, both under `wrangler dev` like the product, sequential, after a warm-up. Ratios in run.mjs use these.
import { client } from "../lib/http.mjs";
import { sequential } from "../lib/load.mjs";
import { startFloor } from "../lib/servers.mjs";
import { summarize } from "../lib/stats.mjs";

const WARMUP = 500;
const SAMPLES = 3000;

export async function measureFloor({ port, stateDir }) {
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
  } finally {
    await insert.stop();
  }
  return out;
}
