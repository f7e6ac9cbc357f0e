// Work per inbound message: the product counts the SQL statements, commits, alarm writes and RPCs of all its
// objects (durable/work-meter.ts, read through the dev routes GET /__dev/work and POST /__dev/work/reset).
// Reset, send `messages` one-text webhooks to `conversations` existing conversations — `inFlight` at a time (a
// steady stream; 1 = strictly one after another, the worst case for batching) — wait until all background work
// (notifications, relays, D1 projection) is done, and divide the counts by the messages sent.
import { waitIdle } from "../lib/cpu.mjs";
import { json } from "../lib/http.mjs";
import { sequential } from "../lib/load.mjs";
import { customer, customerText } from "../lib/whatsapp.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const COUNTS = ["statements", "commits", "alarmWrites", "rpcs"];

/** Polls GET /__dev/work until the counts stop changing for `quietMs` (or `maxMs` passes). */
async function settledCounts(http, { quietMs = 2000, pollMs = 250, maxMs = 60_000 } = {}) {
  const t0 = Date.now();
  let last = null;
  let since = Date.now();
  for (;;) {
    const now = json(await http.request("GET", "/__dev/work"));
    if (last === null || COUNTS.some((k) => now?.[k] !== last[k])) since = Date.now();
    last = now;
    if (Date.now() - since >= quietMs) return { counts: last, waitedS: (Date.now() - t0) / 1000, settled: true };
    if (Date.now() - t0 > maxMs) return { counts: last, waitedS: (Date.now() - t0) / 1000, settled: false };
    await sleep(pollMs);
  }
}

/** Like `sequential`, with up to `inFlight` requests outstanding. */
async function pooled(count, inFlight, send) {
  if (inFlight <= 1) return sequential(count, send);
  const failures = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const r = await send(next++);
        if (r.status !== 200 && r.status !== 201) failures.push(r);
      }
    }),
  );
  return { failures };
}

export async function measureWork(http, { messages = 500, conversations = 50, serverGroup = null, block = 10, inFlight = 1 } = {}) {
  const probe = await http.request("GET", "/__dev/work");
  if (probe.status === 404) return { skipped: "GET /__dev/work answered 404 (a product without the work meter)" };
  if (probe.status !== 200) throw new Error(`work: GET /__dev/work answered ${probe.status} ${probe.body.slice(0, 200)}`);
  const post = (w) => http.request("POST", "/webhooks/whatsapp", w);
  const waIds = Array.from({ length: conversations }, (_, i) => customer(block, i));
  const created = await sequential(conversations, (i) => post(customerText(waIds[i], `Cliente ${i} Núñez`, "Hola")));
  if (created.failures.length) throw new Error(`work: setup webhook ${created.failures[0].status}`);
  if (serverGroup) await waitIdle(serverGroup);
  await settledCounts(http);
  const reset = await http.request("POST", "/__dev/work/reset");
  if (reset.status !== 200) throw new Error(`work: POST /__dev/work/reset answered ${reset.status}`);
  const sent = await pooled(messages, inFlight, (i) => post(customerText(waIds[i % conversations], `Cliente ${i % conversations} Núñez`, `Mensaje ${i}: ¿me confirmáis el envío? 📦`)));
  if (serverGroup) await waitIdle(serverGroup);
  const { counts, waitedS, settled } = await settledCounts(http);
  const per = (k) => Math.round(((counts?.[k] ?? 0) / messages) * 100) / 100;
  return { messages, conversations, inFlight, failures: sent.failures.length, counts, settleS: waitedS, settled, perInbound: Object.fromEntries(COUNTS.map((k) => [k, per(k)])) };
}
