// The lab floor on this machine: bare Workers under `wrangler dev` like the product, sent the product's own signed
// webhook bodies (lib/whatsapp.mjs), sequential after a warm-up: `hello` (GET: the runtime's round trip; POST: the
// webhook's request work, HMAC + parse, and nothing else) and `do-insert` (that request work + one RPC to the
// sender's Durable Object + one SQLite insert). With `ingest`, do-insert also runs the equal-rate CPU steps and the
// rate search the product's ingest runs. Ratios in run.mjs use these. bench/floor/*/worker.js say what each does.
import { groupCpu, waitIdle } from "../lib/cpu.mjs";
import { client } from "../lib/http.mjs";
import { sequential } from "../lib/load.mjs";
import { equalRates, searchRate } from "../lib/rate-search.mjs";
import { startFloor } from "../lib/servers.mjs";
import { summarize } from "../lib/stats.mjs";
import { ackWebhook, ingestWebhook } from "../lib/whatsapp.mjs";
import { EQUAL_RATES, createConversations } from "./ingest.mjs";

export async function measureFloor({ port, stateDir, ingest = false, log = () => {}, warmup = 500, samples = 3000, conversations = 1000, equalRates: equalOptions = {}, search = {} }) {
  const out = {};
  const hello = await startFloor("hello", port, `${stateDir}/floor-hello`);
  try {
    const http = client(hello.url);
    await sequential(warmup, () => http.request("GET", "/"));
    out.hello = summarize((await sequential(samples, () => http.request("GET", "/"))).samples);
    const post = (i) => http.request("POST", "/webhooks/whatsapp", ackWebhook(i));
    await sequential(Math.round(warmup / 2), post);
    const checked = await sequential(Math.round((samples * 2) / 3), post);
    if (checked.failures.length) throw new Error(`floor hello: webhook answered ${checked.failures[0].status} ${checked.failures[0].body}`);
    out.helloWebhook = summarize(checked.samples);
    http.close();
  } finally {
    await hello.stop();
  }
  const insert = await startFloor("do-insert", port + 1, `${stateDir}/floor-do`);
  try {
    const http = client(insert.url);
    const sent = [];
    const send = (i) => {
      const w = ackWebhook(i);
      sent.push(w);
      return http.request("POST", "/webhooks/whatsapp", w);
    };
    await sequential(warmup, send);
    const series = await sequential(samples, (i) => send(warmup + i));
    if (series.failures.length) throw new Error(`floor do-insert: answered ${series.failures[0].status} ${series.failures[0].body}`);
    out.doInsert = summarize(series.samples);
    // Same path when the message is already stored (the idempotent no-op): replays of the same signed bodies.
    out.doInsertDup = summarize((await sequential(Math.min(1000, sent.length), (i) => http.request("POST", "/webhooks/whatsapp", sent[i]))).samples);
    http.close();
    if (ingest) {
      // The product's ingest steps over 1,000 objects with the same bodies: CPU per webhook at equal rates, then
      // the same open-loop 5 s probes. No 30 s hold: wrangler dev's own stalls (p99 > 100 ms, proxy 503s) fail it
      // even for this bare Worker.
      const wide = client(insert.url, { sockets: 256 });
      const settle = () => waitIdle(insert.process.pid);
      const cpu = () => groupCpu(insert.process.pid);
      const sendAt = (i, startedAt) => wide.request("POST", "/webhooks/whatsapp", { ...ingestWebhook(i, conversations), startedAt });
      await createConversations((w) => wide.request("POST", "/webhooks/whatsapp", w), conversations);
      await settle();
      out.equalRates = await equalRates({ rates: EQUAL_RATES, send: sendAt, settle, cpu, label: "floor ingest", log, ...equalOptions });
      out.ingest = await searchRate({ label: "floor ingest", log, send: sendAt, settle, cpu, startRate: 60, ...search, sustain: false });
      wide.close();
    }
  } finally {
    await insert.stop();
  }
  return out;
}
