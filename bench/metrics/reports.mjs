// Reports at a year's scale (issue 11): GET /api/reports/summary over 365 days holding 1,000,000 events
// (bench/lib/report-events.mjs seeds them), the first time — every closed day's rollup rebuilt — and warm, as a
// supervisor. Its floor is the same request over one day of the same data: same route, session, range resolution,
// rollup and raw reads, only a day's worth of them; the ratio is what the year costs over the day.
import { json } from "../lib/http.mjs";
import { sequential } from "../lib/load.mjs";
import { d1 } from "../lib/servers.mjs";
import { summarize } from "../lib/stats.mjs";

const SUPERVISOR = { email: "sofia@demo.test", password: "demo1234" };

async function login(http) {
  const res = await http.request("POST", "/api/auth/login", { body: JSON.stringify(SUPERVISOR), headers: { "content-type": "application/json" } });
  const cookie = [res.headers?.["set-cookie"] ?? []].flat()[0]?.split(";")[0];
  if (res.status !== 200 || !cookie) throw new Error(`reports: login answered ${res.status} ${res.body.slice(0, 200)}`);
  return cookie;
}

/**
 * Rollup rows (how much the days compress the year) and closed days still dirty. Read beside the running server
 * once it is idle: while a rebuild holds D1's write lock, wrangler's reader fails.
 */
export function rollupState(persistTo, today) {
  const r = d1(persistTo, `SELECT (SELECT count(*) FROM report_daily) AS rollupRows, (SELECT count(*) FROM report_dirty_days WHERE day < ${today}) AS dirtyDays`);
  const read = (name) => Number(new RegExp(`"${name}":\\s*(\\d+)`).exec(r.output)?.[1]);
  return { rollupRows: read("rollupRows"), dirtyDays: read("dirtyDays") };
}

const dayBefore = (iso) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Figures of the year's summary that must equal the seeded counts (the rollups neither lost nor doubled an event). */
function checkTotals(summary, byKind) {
  const want = {
    "conversations.created": byKind.conversation_created,
    "conversations.resolved": byKind.resolved,
    "messages.in": byKind.message_in,
    "messages.outByPeople": byKind.message_out,
    "messages.outByBot": byKind.bot_message_out,
    "firstResponse.count": byKind.first_response,
    "nextReply.count": byKind.next_reply,
    "csat.responses": byKind.csat_answered,
  };
  const got = (key) => key.split(".").reduce((o, k) => o?.[k], summary);
  return Object.entries(want).filter(([key, n]) => got(key) !== (n ?? 0)).map(([key, n]) => `${key}: ${got(key)}, seeded ${n ?? 0}`);
}

/**
 * The year's summary cold, then warm (`samples` after `warmup`), with business hours, and over one day. A first
 * query still running after `coldTimeoutS` ends the phase (the server keeps rebuilding, so later figures would mean
 * nothing): `{ coldTimedOut }` is returned instead of figures, and the caller stops the server.
 */
export async function measureReports(http, seeded, persistTo, { warmup = 2, samples = 10, daySamples = 20, businessSamples = 5, coldTimeoutS = 60 } = {}) {
  const cookie = await login(http);
  const summary = (from, to, extra = "") => http.request("GET", `/api/reports/summary?from=${from}&to=${to}${extra}`, { headers: { cookie } });
  const year = () => summary(seeded.fromDate, seeded.toDate);
  const yesterday = dayBefore(seeded.toDate);
  const today = Number(seeded.toDate.replaceAll("-", ""));

  // The first query of the year finds all 365 days dirty and rebuilds their rollups before answering.
  let timer;
  const cold = await Promise.race([year(), new Promise((resolve) => (timer = setTimeout(() => resolve(null), coldTimeoutS * 1000)))]);
  clearTimeout(timer);
  if (!cold) return { range: { from: seeded.fromDate, to: seeded.toDate }, coldTimedOut: true, coldTimeoutS };
  if (cold.status !== 200) throw new Error(`reports: the year's summary answered ${cold.status} ${cold.body.slice(0, 300)}`);
  const first = json(cold);
  await sequential(warmup, year);
  const warm = await sequential(samples, year);
  const last = await year();
  // Business-hours figures read the same rows (the ":bh" metrics); recorded, not a target.
  const business = await sequential(businessSamples, () => summary(seeded.fromDate, seeded.toDate, "&businessHours=true"));
  await sequential(warmup, () => summary(yesterday, yesterday));
  const day = await sequential(daySamples, () => summary(yesterday, yesterday));
  const failures = [...warm.failures, ...business.failures, ...day.failures];
  return {
    range: { from: seeded.fromDate, to: seeded.toDate, oneDay: yesterday },
    coldMs: Math.round(cold.ms * 10) / 10,
    warm: summarize(warm.samples),
    businessHours: summarize(business.samples),
    oneDay: summarize(day.samples),
    failures: failures.length,
    firstFailure: failures[0] ? `${failures[0].status} ${failures[0].body?.slice(0, 200)}` : undefined,
    exact: first?.exact,
    rollups: rollupState(persistTo, today), // dirtyDays should be 0: the first query rebuilt every closed day
    totalsMismatch: checkTotals(json(last) ?? {}, seeded.byKind),
    coldTotalsMismatch: checkTotals(first ?? {}, seeded.byKind),
  };
}
