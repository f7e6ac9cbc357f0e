#!/usr/bin/env node
// `npm run bench`: measures Colmena against the lab floor on this machine, all in workerd under `wrangler dev` on
// loopback. Starts what it needs, stops it after, prints a table and writes bench/results.json. See bench/README.md.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cpuSince, groupCpu, waitIdle } from "./lib/cpu.mjs";
import { client } from "./lib/http.mjs";
import { buildWeb, provisionAgents, startFloor, startProduct, stopFloors } from "./lib/servers.mjs";
import { seedReportEvents } from "./lib/report-events.mjs";
import { round2 } from "./lib/stats.mjs";
import { measureAck } from "./metrics/ack.mjs";
import { measureClaimRace, measureClaimSolo, measureFloorClaimRace } from "./metrics/claim.mjs";
import { measureColdAck } from "./metrics/cold.mjs";
import { measureDupStorm } from "./metrics/dupstorm.mjs";
import { measureFanout, measureFloorFanout } from "./metrics/fanout.mjs";
import { measureFloor } from "./metrics/floor.mjs";
import { EQUAL_RATES, measureIngest } from "./metrics/ingest.mjs";
import { measureReports, rollupState } from "./metrics/reports.mjs";
import { measureCampaign } from "./metrics/campaign.mjs";
import { jsSize, renderInbox, seedIndex, seedInbox, waitForIndex } from "./metrics/web.mjs";
import { measureWork } from "./metrics/work.mjs";

const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",") ?? null;
const want = (phase) => !only || only.includes(phase);
// --quick: a few samples per metric, to check the harness end to end in a few minutes; its figures mean nothing.
const QUICK = process.argv.includes("--quick");
const quick = (small) => (QUICK ? small : {});
// wrangler dev logs every request through its Node process, which then costs more CPU than the Worker's own
// runtime on 2 cores; the floors and the product run with the same setting.
process.env.WRANGLER_LOG ??= "warn";
const STATE = process.env.BENCH_STATE ?? path.join(os.tmpdir(), "colmena-bench");
const PORT = Number(process.env.BENCH_PORT ?? 8970);
// A partial or quick run must not replace the full run's bench/results.json: it writes into the state folder.
let OUT = process.argv.find((a) => a.startsWith("--out="))?.slice(6) ?? (only || QUICK ? path.join(STATE, "results.json") : path.join(import.meta.dirname, "results.json"));

// The bench never sends to Meta nor the simulator: replies stay pending until the storm's statuses settle them.
const NO_GRAPH = { GRAPH_API_BASE: "http://127.0.0.1:9" };
const started = Date.now();
const log = (msg) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${msg}`);
const metrics = {};
const notes = { load: [], reloads: 0, cpuSeconds: {}, idleWaitS: {}, phaseS: {}, wranglerLog: process.env.WRANGLER_LOG };
let serverGroup = null; // process group of the running product, for per-phase CPU accounting
const details = {};
const running = new Set();
const loadNow = (phase) => notes.load.push({ phase, loadavg1: round2(os.loadavg()[0]) });

// Hard stop: never leave servers behind, never run much past the budget (~12 minutes on 2 cores).
const watchdog = setTimeout(async () => {
  console.error("bench: over the 14-minute budget, stopping");
  notes.aborted = "over the time budget";
  await finish(1);
}, 14 * 60_000);

// Interrupted (Ctrl-C, a timeout): stop the servers and write what was measured, into the state folder.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    notes.aborted = `stopped by ${signal}`;
    OUT = path.join(STATE, "results.json");
    finish(1);
  });
}

async function withProduct(name, fn, vars = {}) {
  const server = await startProduct(PORT + 10, path.join(STATE, name), { vars });
  running.add(server);
  serverGroup = server.process.pid;
  server.process.stdout?.on("data", (d) => {
    if (String(d).includes("Reloading local server")) notes.reloads++;
  });
  try {
    return await fn(server, path.join(STATE, name));
  } finally {
    await server.stop();
    running.delete(server);
    serverGroup = null;
  }
}

/** Starts a floor Worker for the length of `fn` (bench/floor/<name>). */
async function withFloor(name, port, fn) {
  const floor = await startFloor(name, port, path.join(STATE, `floor-${name}`));
  try {
    return await fn(floor);
  } finally {
    await floor.stop();
  }
}

/** ms of CPU each extra request costs: least-squares slope of CPU-per-second against rate over the passing probes. */
function marginalCpuMs(probes) {
  const points = probes.filter((p) => p.pass && p.cpuMsPerRequest !== undefined).map((p) => [p.rate, (p.cpuMsPerRequest * p.rate) / 1000]);
  if (points.length < 2) return undefined;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxx ? round2((sxy / sxx) * 1000) : undefined;
}

async function phase(name, fn) {
  if (!want(name)) return;
  loadNow(name);
  log(`${name} …`);
  if (serverGroup) notes.idleWaitS[name] = (await waitIdle(serverGroup)).waitedS;
  const cpu0 = serverGroup ? groupCpu(serverGroup) : null;
  const t0 = Date.now();
  try {
    await fn();
    if (cpu0 && serverGroup) notes.cpuSeconds[name] = cpuSince(cpu0, serverGroup);
  } catch (err) {
    notes[`${name}_error`] = String(err?.stack ?? err).slice(0, 800);
    log(`${name} failed: ${err?.message ?? err}`);
  }
  notes.phaseS[name] = Math.round((Date.now() - t0) / 100) / 10; // wall time, to see where the budget goes
}

/** Why targets are missed, from profiling this harness (per-process CPU in notes.cpuSeconds); see bench/README.md. */
const ANALYSIS = {
  harness:
    "wrangler dev runs two workerd processes (a proxy in front of the Worker) plus wrangler's Node process, which keeps a DevTools inspector session on the Worker; per webhook the proxy and wrangler's Node together spend about as much CPU as the Worker's own workerd. Every floor pays the same per-request tax, so ratios to floor_do_insert are the fairer figure; raw `workerd serve` (performance.md §3.2) is several times faster.",
  ack: "Per webhook the Worker's workerd spends several ms of CPU: HMAC, parse, the conversation object's transaction (message, state, events, outbox job), then right after the ack, on the same thread, the notification to the workspace object and its batched D1 projection. Sequential acks queue behind that background work; the ratios to floor_do_insert are the fairer figure.",
  fanout: "Two hops: the conversation object broadcasts to its 25 sockets, and its notification reaches the workspace object, whose 25 ms coalescing flush sends each list socket its row and, per distinct person, live counts computed in SQL over the open conversations. All 50 sockets, the objects and the load generator's WebSocket clients share the 2 cores; fanout50_p99_x_floor_fanout50_p99 compares with one bare object sending one frame to 50 sockets through the same client.",
  ingest: "CPU-bound on one thread: ingest_cpu_x_floor_do_insert_equal_rate compares CPU per webhook with the do-insert floor (same request work) at the same rates (notes.equalRate); compare also ingest_marginal_cpu_ms with floor_do_insert_marginal_cpu_ms (what one more request per second costs the Worker's runtime). Each webhook here is four pieces of work where the floor has one: the conversation object's transaction (message, state, events, outbox), the workspace object's notification (list mirror, queue, counts), the batched D1 projection, and at these rates most conversation objects have been evicted (~9 s idle) and start again. Past the rate the thread sustains, wrangler's proxy answers 503 'Your worker restarted mid-request' (it did not restart). Sustaining 30 s with p99 ≤ 100 ms fails even for the bare floor above a few hundred per second (periodic stalls of the local runtime), which is why the floor reports its best 5 s probe (floor_do_insert_probe_rps) and so does the product (ingest_probe_rps).",
  claim: "claim_p99_ms is measured inside a 100-way race: 100 requests each authenticated against D1 (single-threaded) and then serialized by the object, on 2 cores shared with the load generator; the uncontended round trip is claim_solo_p99_ms (idle server, warm token). claim_p99_x_floor_claim_race_p99 compares the race with the same 100 requests against one bare object doing one SQLite update each, which pays the same runtime serialization but no authentication.",
  cold: "ack_cold_* is the first message to a conversation whose object was evicted: the object starts again (its constructor, schema check and state read) before the message is stored.",
};

const TARGETS = [
  ["ack_p50_ms", "≤ 2", (v) => v <= 2],
  ["ack_p99_ms", "≤ 10 and ≤ 10× floor_hello_p50", (v) => v <= 10 && v <= 10 * metrics.floor_hello_p50_ms],
  ["fanout50_p50_ms", "≤ 5", (v) => v <= 5],
  ["fanout50_p99_ms", "≤ 20", (v) => v <= 20],
  ["ingest_rps", "≥ 1000 (0 errors, p99 ≤ 100 ms)", (v) => v >= 1000 && metrics.ingest_errors === 0],
  ["claim_race_double_winners", "0", (v) => v === 0],
  ["claim_p99_ms", "≤ 10", (v) => v <= 10],
  ["dup_storm_stored", "= dup_storm_stored_expected", (v) => v === metrics.dup_storm_stored_expected],
  ["web_js_gzip_kb", "≤ 60", (v) => v <= 60],
  ["inbox_10k_render_ms", "≤ 1000", (v) => v <= 1000],
  // Issue 9: ratios to floors doing the same request work, so they hold on any machine.
  ["ingest_probe_x_floor_do_insert", "≥ 0.5", (v) => v >= 0.5],
  ["ingest_cpu_x_floor_do_insert_equal_rate", "≤ 2.5", (v) => v <= 2.5],
  ["ack_p50_x_floor_do_insert", "≤ 1.5", (v) => v <= 1.5],
  ["fanout50_p99_x_floor_fanout50_p99", "≤ 2", (v) => v <= 2],
  ["claim_solo_p99_x_floor_do_insert_p99", "≤ 1.5", (v) => v <= 1.5],
  ["claim_p99_x_floor_claim_race_p99", "≤ 2", (v) => v <= 2],
  ["ack_cold_p99_x_floor_do_insert_p99", "report", (v) => Number.isFinite(v)],
  ["statements_per_inbound", "≤ 12", (v) => v <= 12],
  ["commits_per_inbound", "≤ 2", (v) => v <= 2],
  // Issue 11: a year of a busy workspace (1M events) answers like a page load, and not much slower than one day.
  ["report_summary_1m_ms", "≤ 1000", (v) => v <= 1000],
  ["report_summary_1m_x_1d", "≤ 10", (v) => v <= 10],
  ["report_totals_mismatched", "0", (v) => v === 0],
];

/** Ratios of the product's figures to the floors', wherever both sides were measured in this run. */
function deriveRatios() {
  const m = metrics;
  const ratio = (name, a, b) => {
    if (Number.isFinite(a) && Number.isFinite(b) && b > 0) m[name] = round2(a / b);
  };
  ratio("ack_p50_x_floor_hello", m.ack_p50_ms, m.floor_hello_p50_ms);
  ratio("ack_p99_x_floor_hello_p50", m.ack_p99_ms, m.floor_hello_p50_ms);
  ratio("ack_p50_x_floor_do_insert", m.ack_p50_ms, m.floor_do_insert_p50_ms);
  ratio("ack_p99_x_floor_do_insert", m.ack_p99_ms, m.floor_do_insert_p99_ms);
  ratio("ack_cold_p99_x_floor_do_insert_p99", m.ack_cold_p99_ms, m.floor_do_insert_p99_ms);
  ratio("fanout50_p99_x_floor_fanout50_p99", m.fanout50_p99_ms, m.floor_fanout50_p99_ms);
  ratio("claim_p99_x_floor_claim_race_p99", m.claim_p99_ms, m.floor_claim_race_p99_ms);
  ratio("claim_solo_p99_x_floor_do_insert_p99", m.claim_solo_p99_ms, m.floor_do_insert_p99_ms);
  ratio("ingest_probe_x_floor_do_insert", m.ingest_probe_rps, m.floor_do_insert_probe_rps);
  ratio("report_summary_1m_x_1d", m.report_summary_1m_ms, m.report_summary_1d_ms);
  // CPU per webhook at equal rates: the mean of the per-rate ratios (each rate's pair is in notes.details).
  const perRate = [];
  for (const rate of EQUAL_RATES) {
    const a = m[`ingest_cpu_ms_at_${rate}rps`];
    const b = m[`floor_do_insert_cpu_ms_at_${rate}rps`];
    if (Number.isFinite(a) && Number.isFinite(b) && b > 0) perRate.push({ rate, product: a, floor: b, ratio: round2(a / b) });
  }
  if (perRate.length) {
    m.ingest_cpu_x_floor_do_insert_equal_rate = round2(perRate.reduce((s, r) => s + r.ratio, 0) / perRate.length);
    const seconds = details.ingest?.equalRates?.[0]?.seconds;
    notes.equalRate = { rates: perRate.map((r) => r.rate), perRate, how: `Worker runtime (workerd) CPU per webhook, product ÷ do-insert floor, same open-loop rate and bodies over the same number of conversations/objects, ${seconds} s measured after a warm-up at that rate; the metric is the mean of the per-rate ratios` };
  }
}

async function finish(code = 0) {
  clearTimeout(watchdog);
  for (const s of running) await s.stop();
  await stopFloors();
  deriveRatios();
  for (const [name, value] of Object.entries(metrics)) if (value === undefined) delete metrics[name];
  const targets = {};
  for (const [name, target, met] of TARGETS) if (metrics[name] !== undefined) targets[name] = { value: metrics[name], target, met: met(metrics[name]) };
  const result = {
    metrics,
    targets,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGb: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.type()} ${os.release()}`,
      node: process.version,
      runtime: "wrangler dev (workerd) on 127.0.0.1, load generator in the same machine",
    },
    when: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    notes: { ...notes, analysis: ANALYSIS, details },
  };
  writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
  console.log("\n metric                          value      target");
  for (const [name, value] of Object.entries(metrics)) {
    const t = targets[name];
    console.log(` ${name.padEnd(32)}${String(value).padStart(9)}  ${t ? `${t.target} ${t.met ? "✓" : "✗ MISSED"}` : ""}`);
  }
  console.log(`\n wrote ${path.relative(process.cwd(), OUT)} (${result.durationS}s)`);
  process.exit(code);
}

mkdirSync(STATE, { recursive: true });
// The product serves the inbox from web/dist: build it once when a phase starts the product or sizes the JS.
// The reports phase serves no page, but wrangler dev needs the assets folder to exist.
if (["ack", "work", "fanout", "claim", "cold", "dupstorm", "ingest", "web", "inbox"].some(want) || (want("reports") && !existsSync(path.join(import.meta.dirname, "../web/dist/index.html")))) {
  const web = buildWeb();
  if (!web.ok) notes.web_build = `web build failed, using the existing web/dist: ${web.output}`;
}

await phase("floor", async () => {
  const f = await measureFloor({ port: PORT, stateDir: STATE, ingest: want("ingest"), log, ...quick({ warmup: 20, samples: 200, conversations: 100, equalRates: { warmupS: 1, seconds: 2 }, search: { maxProbes: 2 } }) });
  details.floor = f;
  metrics.floor_hello_p50_ms = f.hello.p50;
  metrics.floor_hello_p99_ms = f.hello.p99;
  metrics.floor_do_insert_p50_ms = f.doInsert.p50;
  metrics.floor_do_insert_p99_ms = f.doInsert.p99;
  metrics.floor_hello_webhook_p50_ms = f.helloWebhook.p50;
  metrics.floor_hello_webhook_p99_ms = f.helloWebhook.p99;
  if (f.ingest) {
    metrics.floor_do_insert_probe_rps = f.ingest.probeRps;
  }
  for (const r of f.equalRates ?? []) metrics[`floor_do_insert_cpu_ms_at_${r.rate}rps`] = r.cpuMsPerRequest;
  // The fan-out and claim-race floors, when their product phases run too (same rounds, same client).
  if (want("fanout")) {
    details.floorFanout = await withFloor("fanout", PORT + 2, async (floor) => {
      const http = client(floor.url);
      try {
        return await measureFloorFanout(http, floor.url, quick({ warmup: 5, rounds: 20 }));
      } finally {
        http.close();
      }
    });
    metrics.floor_fanout50_p50_ms = details.floorFanout.last.p50;
    metrics.floor_fanout50_p99_ms = details.floorFanout.last.p99;
    metrics.floor_fanout50_timeouts = details.floorFanout.timeouts;
  }
  if (want("claim")) {
    details.floorClaim = await withFloor("claim-race", PORT + 3, (floor) => measureFloorClaimRace(floor.url, quick({ rounds: 5 })));
    metrics.floor_claim_race_p50_ms = details.floorClaim.race.p50;
    metrics.floor_claim_race_p99_ms = details.floorClaim.race.p99;
    metrics.floor_claim_race_double_winners = details.floorClaim.doubleWinners;
  }
});

if (["ack", "work", "fanout", "claim", "cold", "dupstorm"].some(want)) {
  await withProduct("product", async (server, persist) => {
    const agents = provisionAgents(persist, 100);
    const http = client(server.url);
    await phase("ack", async () => {
      const a = await measureAck(http, quick({ warmup: 20, samples: 200, newContacts: 20 }));
      details.ack = a;
      metrics.ack_p50_ms = a.existing.p50;
      metrics.ack_p99_ms = a.existing.p99;
      metrics.ack_new_conv_p50_ms = a.newConversation.p50;
      metrics.ack_new_conv_p99_ms = a.newConversation.p99;
      metrics.ack_dup_p50_ms = a.duplicate.p50;
      metrics.ack_failures = a.failures;
    });
    // Right after ack, before the phases that leave timers behind (claims), so only this phase's work is counted.
    await phase("work", async () => {
      // A steady stream (8 webhooks in flight over 50 conversations), then strictly one at a time (no batching at all).
      const w = await measureWork(http, { serverGroup, inFlight: 8, ...quick({ messages: 100, conversations: 10 }) });
      details.work = w;
      const one = await measureWork(http, { serverGroup, inFlight: 1, block: 11, ...quick({ messages: 100, conversations: 10 }) });
      details.workSequential = one;
      if (!one.skipped && one.counts.statements > 0) {
        metrics.statements_per_inbound_sequential = one.perInbound.statements;
        metrics.commits_per_inbound_sequential = one.perInbound.commits;
      }
      if (w.skipped) {
        notes.work = w.skipped;
        return;
      }
      // Storing a message takes statements and a commit: zero means the objects' storage is not metered yet
      // (durable/work-meter.ts's MeteredStorage unused), not free work, so no figure rather than a false 0.
      if (w.counts.statements > 0) {
        metrics.statements_per_inbound = w.perInbound.statements;
        metrics.commits_per_inbound = w.perInbound.commits;
        metrics.alarm_writes_per_inbound = w.perInbound.alarmWrites;
      } else notes.work_storage = "the objects' storage is not metered in this product (0 SQL statements counted): statements, commits and alarm writes not reported";
      if (w.counts.rpcs > 0) metrics.rpcs_per_inbound = w.perInbound.rpcs;
      if (!w.settled) notes.work = "the work counters were still changing after 60 s; the figures are a lower bound";
    });
    await phase("fanout", async () => {
      const f = await measureFanout(http, server.url, agents, quick({ warmup: 5, rounds: 20 }));
      details.fanout = f;
      metrics.fanout50_p50_ms = f.last.p50;
      metrics.fanout50_p99_ms = f.last.p99;
      metrics.fanout50_first_p50_ms = f.first.p50;
      metrics.fanout50_timeouts = f.timeouts;
    });
    await phase("claim", async () => {
      const c = await measureClaimRace(server.url, agents, quick({ rounds: 5 }));
      details.claim = c;
      metrics.claim_race_rounds = c.rounds;
      metrics.claim_race_double_winners = c.doubleWinners;
      metrics.claim_race_wrong_final = c.wrongFinal + c.noWinner + c.wrongLoser;
      metrics.claim_race_errors = c.unexpected; // answers other than 200/409 (e.g. wrangler's proxy 503 under overload)
      metrics.claim_p50_ms = c.race.p50;
      metrics.claim_p99_ms = c.race.p99;
      // The uncontended claim, on an idle server after an authenticated warm-up.
      const solo = await measureClaimSolo(server.url, agents[0], { serverGroup, ...quick({ solo: 20, batch: 10, warmClaims: 3 }) });
      details.claimSolo = solo;
      metrics.claim_solo_p50_ms = solo.solo.p50;
      metrics.claim_solo_p99_ms = solo.solo.p99;
      metrics.claim_solo_failures = solo.failures;
    });
    await phase("cold", async () => {
      const c = await measureColdAck(http, { serverGroup, ...quick({ conversations: 20 }) });
      details.cold = c;
      metrics.ack_cold_p50_ms = c.cold.p50;
      metrics.ack_cold_p99_ms = c.cold.p99;
      metrics.ack_cold_failures = c.failures;
    });
    await phase("dupstorm", async () => {
      const d = await measureDupStorm(client(server.url, { sockets: 32 }), agents[0], quick({ conversations: 20, perConversation: 10, replies: 10 }));
      details.dupstorm = d;
      metrics.dup_storm_sent = d.sent;
      metrics.dup_storm_stored_expected = d.expected;
      metrics.dup_storm_stored = d.stored;
      metrics.dup_storm_duplicates_stored = d.duplicatesStored;
      metrics.dup_storm_replies_read = d.replyFinalStatuses.read ?? 0;
    });
    http.close();
  }, NO_GRAPH);
}

// Ingest on a fresh server of its own: the earlier phases leave timers and retrying sends behind (replies to a
// closed port, return timers of claimed conversations) whose background work would count against it.
if (want("ingest")) {
  await withProduct("ingest", async (server) => {
    await phase("ingest", async () => {
      const i = await measureIngest(client(server.url, { sockets: 256 }), { log, serverGroup, ...quick({ conversations: 100, equalOptions: { warmupS: 1, seconds: 2 }, maxProbes: 2, sustainS: 5, stepsDown: 1 }) });
      details.ingest = i;
      metrics.ingest_rps = i.rps;
      metrics.ingest_errors = i.errors;
      metrics.ingest_probe_rps = i.probeRps;
      if (i.final) {
        metrics.ingest_p50_ms = i.final.p50;
        metrics.ingest_p99_ms = i.final.p99;
        metrics.ingest_client_cpu_pct = i.final.clientCpuPct;
      }
      // Worker-runtime CPU per webhook: at the best rate (with the runtime's fixed background), and the marginal cost
      // (slope over the passing probes), which the floor's shows without that background.
      metrics.ingest_cpu_ms = i.probes.find((p) => p.rate === i.probeRps)?.cpuMsPerRequest;
      for (const r of i.equalRates) {
        metrics[`ingest_cpu_ms_at_${r.rate}rps`] = r.cpuMsPerRequest;
        if (!r.pass) notes[`ingest_at_${r.rate}rps`] = `the product did not pass at ${r.rate}/s (p99 ${r.p99} ms, ${r.errors} errors); its CPU per webhook is still counted`;
      }
      metrics.ingest_marginal_cpu_ms = marginalCpuMs(i.probes);
      const floor = marginalCpuMs(details.floor?.ingest?.probes ?? []);
      if (floor && metrics.ingest_marginal_cpu_ms) {
        metrics.floor_do_insert_marginal_cpu_ms = floor;
        metrics.ingest_marginal_cpu_x_floor_do_insert = round2(metrics.ingest_marginal_cpu_ms / floor);
      }
    });
  }, NO_GRAPH);
}

await phase("web", async () => {
  const size = jsSize();
  details.webSize = size;
  metrics.web_js_gzip_kb = size.gzipKb;
  metrics.web_js_brotli_kb = size.brotliKb;
});

await phase("inbox", async () => {
  await withProduct("inbox", async (server, persist) => {
    const viaWebhooks = process.env.BENCH_INBOX_SEED === "webhooks";
    const t0 = Date.now();
    if (!viaWebhooks) seedIndex(persist, 10_000);
    const seeded = await seedInbox(server.url, viaWebhooks ? 10_000 : 0);
    seeded.seconds = (Date.now() - t0) / 1000;
    seeded.how = viaWebhooks ? "10,000 new contacts through signed webhooks" : "10,000 rows written into D1's index + the newest through a webhook";
    log(`seeded 10,000 conversations in ${seeded.seconds.toFixed(1)} s (${seeded.how}; ${seeded.failures} failed webhooks)`);
    const index = await waitForIndex(persist, 10_001);
    log(`D1 index has ${index.rows} rows after ${index.waitedS.toFixed(1)} s more`);
    const r = await renderInbox(server.url, seeded.newestName);
    details.inbox = { seeded, index, render: r };
    if (r.skipped) notes.inbox_10k_render_ms = `skipped: ${r.skipped}`;
    else {
      metrics.inbox_10k_render_ms = r.loginToPaintMs;
      metrics.inbox_10k_reload_ms = r.reloadToPaintMs;
      metrics.web_js_loaded_gzip_kb = r.jsLoadedGzipKb;
    }
    metrics[viaWebhooks ? "inbox_seed_webhook_s" : "inbox_seed_s"] = round2(seeded.seconds);
    metrics.inbox_d1_catchup_s = round2(index.waitedS);
  });
});

// Reports over a year (issue 11) run last, on a product of their own: seeding 1,000,000 events and rebuilding a
// year of rollups take up to REPORTS_S on 2 busy cores, so a full run includes them only while that still fits
// inside the watchdog with a minute to spare (`--only=reports` always runs them).
const REPORTS_S = 180;
const elapsedS = Math.round((Date.now() - started) / 1000);
if (want("reports") && !only && elapsedS > 13 * 60 - REPORTS_S) notes.reports = `skipped: ${elapsedS} s had passed, the phase needs ~${REPORTS_S} s (run it with --only=reports)`;
else await phase("reports", async () => {
  await withProduct("reports", async (server, persist) => {
    const seeded = await seedReportEvents(persist, quick({ events: 50_000, days: 30 }));
    const how = `one INSERT … SELECT run by SQLite from a ${Math.round(seeded.sqlBytes / 1024)} kB file through \`wrangler d1 execute --local\` beside the running product; seconds include wrangler's start and bundling the product's report math`;
    notes.reportSeed = { seconds: round2(seeded.seconds), sqliteSeconds: seeded.sqlSeconds, events: seeded.events, conversations: seeded.conversations, how };
    log(`seeded ${seeded.events.toLocaleString("en")} events in ${seeded.seconds.toFixed(1)} s (${seeded.sqlSeconds.toFixed(1)} s in SQLite); ${seeded.mismatches} of ${seeded.checked} sampled rows differ from reportRow`);
    if (seeded.mismatches) notes.reports_seed_check = { mismatches: seeded.mismatches, checked: seeded.checked, first: seeded.firstMismatches };
    await waitIdle(serverGroup);
    const cpu0 = groupCpu(serverGroup);
    const http = client(server.url);
    const r = await measureReports(http, seeded, persist, quick({ samples: 3, daySamples: 3, businessSamples: 1 }));
    http.close();
    notes.cpuSeconds.reportsQueries = cpuSince(cpu0, serverGroup);
    if (r.coldTimedOut) {
      // Stopped, the server rolls back the batch in progress: the days still dirty are what it had not finished.
      await server.stop();
      r.rollupsWhenStopped = rollupState(persist, Number(seeded.toDate.replaceAll("-", "")));
      details.reports = { seeded, ...r };
      throw new Error(`the year's first summary had not answered after ${r.coldTimeoutS} s (${seeded.days - r.rollupsWhenStopped.dirtyDays} of ${seeded.days} days rolled up when stopped); no figures`);
    }
    details.reports = { seeded, ...r };
    metrics.report_summary_1m_cold_ms = r.coldMs;
    metrics.report_summary_1m_ms = r.warm.p50;
    metrics.report_summary_1m_p99_ms = r.warm.p99;
    metrics.report_summary_1d_ms = r.oneDay.p50;
    metrics.report_totals_mismatched = r.totalsMismatch.length + r.coldTotalsMismatch.length;
    metrics.report_failures = r.failures;
  });
});

// A 10,000-recipient campaign (issue 12) takes at least 125 s at 80/s, on a product of its own: in a full run only
// while it still fits inside the watchdog (`--only=campaign` always runs it).
const CAMPAIGN_S = 360;
const beforeCampaignS = Math.round((Date.now() - started) / 1000);
if (want("campaign") && !only && beforeCampaignS > 13 * 60 - CAMPAIGN_S) notes.campaign = `skipped: ${beforeCampaignS} s had passed, the phase needs ~${CAMPAIGN_S} s (run it with --only=campaign)`;
else await phase("campaign", async () => {
  await withProduct("campaign", async (server, persist) => {
    const http = client(server.url);
    const r = await measureCampaign(http, persist, quick({ recipients: 1_000 }));
    http.close();
    details.campaign = r;
    metrics.campaign_10k_s = round2(r.seconds);
    metrics.campaign_10k_x_ideal = round2(r.seconds / r.ideal);
    metrics.campaign_sent_twice = r.twice;
  });
});

await finish(0);
