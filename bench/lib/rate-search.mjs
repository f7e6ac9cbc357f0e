// Finds the highest open-loop arrival rate a server sustains with 0 errors and p99 ≤ 100 ms (latency counted from
// the schedule, so queueing shows). 5 s probes double from `startRate` while they pass, then bisect between the last
// pass and the first failure; the best passing rate is held `sustainS` and must pass again, else 15% lower (4 tries).
// Also CPU per request at fixed equal rates. Used for the product's ingest and for the floor's, so both are the same.
import { serverCpu } from "./cpu.mjs";
import { openLoop } from "./load.mjs";
import { summarize } from "./stats.mjs";

export const P99_LIMIT_MS = 100;

/**
 * One open-loop step at `rate` for `seconds`, with the server's CPU per request when `cpu` reads it: of the workerd
 * that runs the Worker and all its objects on one thread (what caps the rate here), and of every server process.
 */
export async function probe({ rate, seconds, send, cpu = null, before1 = null }) {
  const cpu0 = cpu?.();
  const r = await openLoop({ rate, seconds, send });
  if (before1) await before1();
  const cpu1 = cpu0 ? cpu() : null;
  const perRequest = (s) => Math.round((s / r.sent) * 1e5) / 100;
  const cpuMsPerRequest = cpu1 ? perRequest((cpu1.workerd_worker ?? 0) - (cpu0.workerd_worker ?? 0)) : undefined;
  const allCpuMsPerRequest = cpu1 ? perRequest(serverCpu(cpu1) - serverCpu(cpu0)) : undefined;
  const s = summarize(r.samples);
  const pass = r.errors.length === 0 && s.p99 <= P99_LIMIT_MS;
  return { rate, seconds, pass, ...s, errors: r.errors.length, firstErrors: r.errors.slice(0, 3), achievedRps: Math.round(r.achievedRps), clientCpuPct: Math.round(r.clientCpuPct), maxLagMs: Math.round(r.maxLagMs), cpuMsPerRequest, allCpuMsPerRequest };
}

const cpuText = (r) => (r.cpuMsPerRequest !== undefined ? ` cpu ${r.cpuMsPerRequest} ms/req` : "");

/**
 * CPU per request at fixed rates, the same for the product and the floor so they compare at EQUAL load: for each
 * rate, `warmupS` at that rate (not measured), then `seconds` measured; the CPU is read once the server settled, so
 * the background work those webhooks caused (notifications, projections) counts too.
 */
export async function equalRates({ rates, send, settle, cpu, label, log = () => {}, warmupS = 2, seconds = 5 }) {
  const out = [];
  for (const rate of rates) {
    await openLoop({ rate, seconds: warmupS, send });
    await settle();
    const r = await probe({ rate, seconds, send, cpu, before1: settle });
    log(`${label} equal-rate ${rate}/s × ${seconds}s: p50 ${r.p50} p99 ${r.p99} errors ${r.errors}${cpuText(r)}`);
    out.push(r);
  }
  return out;
}

export async function searchRate({ send, settle, label, cpu = null, log = () => {}, probeS = 5, sustainS = 30, sustain = true, startRate = 60, maxProbes = 8, stepsDown = 4 }) {
  const run = async (rate, seconds) => {
    const result = await probe({ rate, seconds, send, cpu });
    log(`${label} ${rate}/s × ${seconds}s: p50 ${result.p50} p99 ${result.p99} errors ${result.errors} ${result.pass ? "pass" : "FAIL"}${cpuText(result)}`);
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
    // Bisect in steps of 25/s (5/s below 100/s), until the gap is within 10% (or one step).
    const step = good + bad < 200 ? 5 : 25;
    const next = bad === Infinity ? rate * 2 : Math.round((good + bad) / 2 / step) * step;
    if (next === rate || next <= good || (bad !== Infinity && bad - good <= Math.max(step, good * 0.1))) break;
    rate = next;
  }
  // probeRps: the best 5 s probe, the figure both the product and the floor have (the floor skips the long hold).
  const probeRps = good;
  if (!sustain) return { rps: good, probeRps, errors: 0, final: probes.find((p) => p.rate === good) ?? null, probes, sustained: [] };
  const sustained = [];
  let candidate = good;
  for (let attempt = 0; attempt < stepsDown && candidate > 0; attempt++) {
    const r = await run(candidate, sustainS);
    sustained.push(r);
    if (r.pass) return { rps: candidate, probeRps, errors: r.errors, final: r, probes, sustained };
    candidate = Math.round((candidate * 0.85) / 25) * 25;
  }
  const last = sustained[sustained.length - 1];
  return { rps: 0, probeRps, errors: last?.errors ?? probes[probes.length - 1].errors, final: last ?? null, probes, sustained };
}

