// Sustained ingest (T4): signed one-text webhooks spread over 1,000 conversations, open loop at a fixed rate.
// A short search (5 s probes, doubling then bisecting) finds the highest rate with 0 errors and p99 ≤ 100 ms;
// that rate is then held for 30 s and must pass again (else step down 15%, at most twice).
import { waitIdle } from "../lib/cpu.mjs";
import { openLoop } from "../lib/load.mjs";
import { summarize } from "../lib/stats.mjs";
import { customer, customerText } from "../lib/whatsapp.mjs";

const P99_LIMIT_MS = 100;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function measureIngest(http, { conversations = 1000, probeS = 5, sustainS = 30, startRate = 60, maxProbes = 6, log = () => {}, serverGroup = null } = {}) {
  // Each step starts from a quiet server: earlier steps' alarms and projections must not count against it.
  const settle = async () => (serverGroup ? waitIdle(serverGroup) : sleep(3000));
  const waIds = Array.from({ length: conversations }, (_, i) => customer(4, i));
  // Create the 1,000 conversations first (not measured), 16 at a time.
  for (let i = 0; i < waIds.length; i += 16) {
    await Promise.all(waIds.slice(i, i + 16).map((w, j) => http.request("POST", "/webhooks/whatsapp", customerText(w, `Cliente ${i + j}`, "Hola"))));
  }
  await settle();
  const run = async (rate, seconds) => {
    const r = await openLoop({
      rate,
      seconds,
      send: (i, scheduledAt) => http.request("POST", "/webhooks/whatsapp", { ...customerText(waIds[i % conversations], `Cliente ${i % conversations}`, `Pedido ${i}: ¿cuándo llega? 📦`), startedAt: scheduledAt }),
    });
    const s = summarize(r.samples);
    const pass = r.errors.length === 0 && s.p99 <= P99_LIMIT_MS;
    const result = { rate, seconds, pass, ...s, errors: r.errors.length, firstErrors: r.errors.slice(0, 3), achievedRps: Math.round(r.achievedRps), clientCpuPct: Math.round(r.clientCpuPct), maxLagMs: Math.round(r.maxLagMs) };
    log(`ingest ${rate}/s × ${seconds}s: p50 ${s.p50} p99 ${s.p99} errors ${r.errors.length} ${pass ? "pass" : "FAIL"}`);
    await settle();
    return result;
  };

  const probes = [];
  let good = 0;
  let bad = Infinity;
  let rate = startRate;
  for (let i = 0; i < maxProbes; i++) {
    const r = await run(rate, probeS);
    probes.push(r);
    if (r.pass) good = rate;
    else bad = rate;
    const next = bad === Infinity ? rate * 2 : Math.round((good + bad) / 2 / 25) * 25;
    if (next === rate || next <= good || (bad !== Infinity && bad - good <= Math.max(50, good * 0.1))) break;
    rate = next;
  }
  const sustained = [];
  let candidate = good;
  for (let attempt = 0; attempt < 2 && candidate > 0; attempt++) {
    const r = await run(candidate, sustainS);
    sustained.push(r);
    if (r.pass) return { rps: candidate, errors: r.errors, final: r, probes, sustained };
    candidate = Math.round((candidate * 0.85) / 25) * 25;
  }
  const last = sustained[sustained.length - 1];
  return { rps: 0, errors: last?.errors ?? probes[probes.length - 1].errors, final: last ?? null, probes, sustained };
}
