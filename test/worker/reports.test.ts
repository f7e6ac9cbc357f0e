// Reports against real D1: figures over hand-written event logs (exact percentiles, counts, business hours, day
// boundaries in Madrid and Mexico City, duplicated and late events after a day's rollup was built), the CSV
// exports, who may read them, and one conversation measured end to end from webhook to resolve.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../../durable/workspace";
import { type ReportEvent, type ReportZone, writeProjection } from "../../durable/projection";
import type { AgentReport, ReportSummary, ReportTimeseries } from "../../shared/api/reports";
import type { BusinessHours } from "../../shared/business-hours";
import { instantAt } from "../../shared/zoned-time";
import { api, apiJson, conversationOf, env } from "./support/api";
import { customerNumber, customerSays } from "./support/whatsapp";
import { waitFor } from "./sim-helpers";

const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const MADRID: ReportZone = { timeZone: "Europe/Madrid", businessHours: null };
let seq = 0;

/** An event on its own test channel, so the demo's own conversations never mix in. */
function ev(channelId: string, kind: string, at: number, extra: Partial<ReportEvent> = {}): ReportEvent {
  seq++;
  return { id: `cv_rep${seq}:${seq}:${kind}`, workspaceId: "ws_demo", conversationId: `cv_rep${seq}`, kind, agentId: null, at, value: null, data: null, teamId: null, channelId, startedAt: null, waAt: null, ...extra };
}

const summary = async (query: string) => {
  const { status, body } = await apiJson<ReportSummary>("sofia", "GET", `/api/reports/summary?${query}`);
  expect(status).toBe(200);
  return body;
};

describe("reports: who may read them", () => {
  it("supervisors and admins read reports; agents get 403; a bad range is a 400 with the reason", async () => {
    expect((await api("ana", "GET", "/api/reports/summary?from=2026-11-01&to=2026-11-30")).status).toBe(403);
    expect((await api(null, "GET", "/api/reports/summary?from=2026-11-01&to=2026-11-30")).status).toBe(401);
    expect((await api("admin", "GET", "/api/reports/summary?from=2026-11-01&to=2026-11-30")).status).toBe(200);
    const backwards = await apiJson("sofia", "GET", "/api/reports/summary?from=2026-11-30&to=2026-11-01");
    expect(backwards).toMatchObject({ status: 400, body: { error: "invalid_range" } });
    const garbage = await apiJson("sofia", "GET", "/api/reports/summary?from=ayer&to=2026-11-01");
    expect(garbage).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });
});

describe("reports: figures over a hand-written event log", () => {
  it("percentiles, means and counts are exact; an event stored twice counts once; a late event updates a built day", async () => {
    const ch = "ch_rep_exact";
    const day = instantAt("Europe/Madrid", 2026, 11, 10, 12, 0);
    const frt = [60, 120, 180, 600].map((s, i) => ev(ch, "first_response", day + i * MIN, { value: s * SEC, startedAt: day + i * MIN - s * SEC, agentId: i < 2 ? "ag_ana" : "ag_bruno" }));
    const counts = [ev(ch, "conversation_created", day), ev(ch, "conversation_created", day), ev(ch, "message_in", day), ev(ch, "message_out", day, { agentId: "ag_ana" }), ev(ch, "bot_message_out", day, { agentId: "bot" }), ev(ch, "resolved", day + HOUR, { value: 30 * MIN, agentId: "ag_bruno" }), ev(ch, "reopened", day + 2 * HOUR)];
    await writeProjection(env.DB, [], [...frt, ...counts], MADRID);
    await writeProjection(env.DB, [], [frt[0]!, counts[0]!], MADRID); // Meta retried, the workspace re-sent: same ids

    const s = await summary(`from=2026-11-10&to=2026-11-10&channelId=${ch}`);
    // Nearest rank: P50 of 4 sorted values is the 2nd (120 s), P90 the 4th (600 s); the mean is 240 s.
    expect(s.firstResponse).toEqual({ count: 4, p50Ms: 120 * SEC, p90Ms: 600 * SEC, meanMs: 240 * SEC });
    expect(s.resolution).toEqual({ count: 1, p50Ms: 30 * MIN, p90Ms: 30 * MIN, meanMs: 30 * MIN });
    expect(s.conversations).toEqual({ created: 2, resolved: 1, reopened: 1, windowsExpired: 0 });
    expect(s.messages).toEqual({ in: 1, out: 2, outByPeople: 1, outByBot: 1 });
    expect(s.exact).toBe(true);
    // Per person: Bruno's two replies only — filtered, and in the per-person table (one request for everyone).
    expect((await summary(`from=2026-11-10&to=2026-11-10&channelId=${ch}&agentId=ag_bruno`)).firstResponse).toMatchObject({ count: 2, p50Ms: 180 * SEC, meanMs: 390 * SEC });
    const people = (await apiJson<AgentReport>("sofia", "GET", `/api/reports/agents?from=2026-11-10&to=2026-11-10&channelId=${ch}`)).body;
    const row = (id: string) => people.agents.find((a) => a.agentId === id);
    expect(row("ag_ana")).toEqual({ agentId: "ag_ana", firstResponse: { count: 2, p50Ms: 60 * SEC, p90Ms: 120 * SEC, meanMs: 90 * SEC }, resolved: 0, csat: { responses: 0, score: null } });
    expect(row("ag_bruno")).toMatchObject({ firstResponse: { count: 2, p50Ms: 180 * SEC, meanMs: 390 * SEC }, resolved: 1 });
    expect(people.exact).toBe(true);
    expect((await api("ana", "GET", "/api/reports/agents?from=2026-11-10&to=2026-11-10")).status).toBe(403);
    // The day is over, so its rollup exists now; an event for it arriving late marks it and the next report has it.
    expect((await env.DB.prepare("SELECT count(*) AS n FROM report_daily WHERE channel_id = ?").bind(ch).first<{ n: number }>())!.n).toBeGreaterThan(0);
    await writeProjection(env.DB, [], [ev(ch, "conversation_created", day + 3 * HOUR)], MADRID);
    expect((await summary(`from=2026-11-10&to=2026-11-10&channelId=${ch}`)).conversations.created).toBe(3);
    // The daily series agrees, with every day of the range present.
    const { body: series } = await apiJson<ReportTimeseries>("sofia", "GET", `/api/reports/timeseries?from=2026-11-09&to=2026-11-11&channelId=${ch}&metric=created`);
    expect(series.points.map((p) => p.value)).toEqual([0, 3, 0]);
  });

  it("whole months come from monthly totals that agree with the days, and a late event rebuilds its month", async () => {
    const oct = (d: number, h = 12) => instantAt("Europe/Madrid", 2026, 10, d, h, 0);
    const log = [1, 2, 15, 31].flatMap((d) => [ev("ch_rep_month", "conversation_created", oct(d)), ev("ch_rep_month", "first_response", oct(d), { value: d * SEC, startedAt: oct(d) - d * SEC })]);
    await writeProjection(env.DB, [], log, MADRID);
    // Unfiltered: October from report_monthly; filtered by channel: the same days from report_daily.
    const whole = await summary("from=2026-10-01&to=2026-10-31");
    const byChannel = await summary("from=2026-10-01&to=2026-10-31&channelId=ch_rep_month");
    expect(whole.conversations.created).toBe(4);
    expect(whole.firstResponse).toEqual(byChannel.firstResponse);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM report_months WHERE month = 202610").first<{ n: number }>())!.n).toBe(1);
    await writeProjection(env.DB, [], [ev("ch_rep_month", "conversation_created", oct(20))], MADRID);
    expect((await summary("from=2026-10-01&to=2026-10-31")).conversations.created).toBe(5);
    // A range over whole months plus loose days on both sides.
    expect((await summary("from=2026-09-30&to=2026-11-01")).conversations.created).toBe(5);
  });

  it("a day is the workspace's calendar day: the same events split differently in Madrid and Mexico City", async () => {
    const late = Date.UTC(2026, 10, 10, 22, 30); // 23:30 on the 10th in Madrid, 16:30 in Mexico City
    const afterMidnight = Date.UTC(2026, 10, 10, 23, 30); // 00:30 on the 11th in Madrid, 17:30 on the 10th in Mexico
    await writeProjection(env.DB, [], [ev("ch_rep_mad", "conversation_created", late), ev("ch_rep_mad", "conversation_created", afterMidnight)], MADRID);
    expect((await summary("from=2026-11-10&to=2026-11-10&channelId=ch_rep_mad")).conversations.created).toBe(1);
    expect((await summary("from=2026-11-11&to=2026-11-11&channelId=ch_rep_mad")).conversations.created).toBe(1);

    await env.DB.prepare("UPDATE workspaces SET timezone = 'America/Mexico_City' WHERE id = 'ws_demo'").run();
    try {
      const mexico: ReportZone = { timeZone: "America/Mexico_City", businessHours: null };
      await writeProjection(env.DB, [], [ev("ch_rep_mex", "conversation_created", late), ev("ch_rep_mex", "conversation_created", afterMidnight)], mexico);
      const s = await summary("from=2026-11-10&to=2026-11-10&channelId=ch_rep_mex");
      expect(s.conversations.created).toBe(2);
      expect(s.range).toEqual({ from: Date.UTC(2026, 10, 10, 6, 0), to: Date.UTC(2026, 10, 11, 6, 0), timeZone: "America/Mexico_City" });
      expect((await summary("from=2026-11-11&to=2026-11-11&channelId=ch_rep_mex")).conversations.created).toBe(0);
    } finally {
      await env.DB.prepare("UPDATE workspaces SET timezone = 'Europe/Madrid' WHERE id = 'ws_demo'").run();
    }
  });

  it("business-hours durations count only opening hours (a Friday-evening wait answered on Monday)", async () => {
    const nine2six = [{ from: "09:00", to: "18:00" }];
    const hours: BusinessHours = { weekly: { mon: nine2six, tue: nine2six, wed: nine2six, thu: nine2six, fri: nine2six, sat: [], sun: [] }, holidays: [] };
    const friday5pm = instantAt("Europe/Madrid", 2026, 11, 13, 17, 0);
    const monday10am = instantAt("Europe/Madrid", 2026, 11, 16, 10, 0);
    await writeProjection(env.DB, [], [ev("ch_rep_bh", "first_response", monday10am, { value: monday10am - friday5pm, startedAt: friday5pm, agentId: "ag_ana" })], { timeZone: "Europe/Madrid", businessHours: hours });
    const calendar = await summary("from=2026-11-16&to=2026-11-16&channelId=ch_rep_bh");
    const business = await summary("from=2026-11-16&to=2026-11-16&channelId=ch_rep_bh&businessHours=true");
    expect(calendar.firstResponse.p50Ms).toBe(65 * HOUR);
    // 17:00–18:00 on Friday and 09:00–10:00 on Monday.
    expect(business.firstResponse.p50Ms).toBe(2 * HOUR);
    expect(business.businessHours).toBe(true);
  });
});

describe("reports: end to end and exports", () => {
  it("a conversation answered and resolved through the API shows up in today's figures and in both CSVs", async () => {
    const number = customerNumber();
    await customerSays({ waId: number, name: "Reportes" }, "¿Tenéis cita hoy?");
    const id = await conversationOf(number);
    expect((await api("bruno", "POST", `/api/conversations/${id}/claim`)).status).toBe(200);
    expect((await api("bruno", "POST", `/api/conversations/${id}/messages`, { text: "Sí, a las 17:00.", clientId: "rep-1" })).status).toBe(201);
    expect((await api("bruno", "POST", `/api/conversations/${id}/status`, { status: "resolved" })).status).toBe(200);
    const now = Date.now();
    const range = `from=${now - HOUR}&to=${now + MIN}&agentId=ag_bruno`;
    const s = await waitFor(() => summary(range), (r) => r.conversations.resolved >= 1 && r.firstResponse.count >= 1, 10_000);
    expect(s.firstResponse.p50Ms).toBeGreaterThanOrEqual(0);
    expect(s.resolution.count).toBeGreaterThanOrEqual(1);

    const res = await api("sofia", "GET", `/api/reports/export.csv?from=${now - HOUR}&to=${now + MIN}`);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const csv = await res.text();
    expect(csv.split("\r\n")[0]).toContain("conversation_id,contact_name");
    const row = csv.split("\r\n").find((l) => l.startsWith(id));
    expect(row).toBeDefined();
    const events = await (await api("sofia", "GET", `/api/reports/events.csv?from=${now - HOUR}&to=${now + MIN}&agentId=ag_bruno`)).text();
    expect(events).toContain(`${id},first_response,ag_bruno`);
    expect((await api("ana", "GET", `/api/reports/export.csv?from=${now - HOUR}&to=${now + MIN}`)).status).toBe(403);
  });
});

describe("reports: windows that close", () => {
  it("the workspace's timers record a conversation whose 24-hour window closed, once, stamped with the closing time", async () => {
    const waId = customerNumber();
    const lastWrote = Math.floor((Date.now() - 25 * HOUR) / 1000);
    await customerSays({ waId, name: "Ventana" }, "¿Seguís ahí?", { timestamp: lastWrote });
    const id = await conversationOf(waId);
    const workspace = env.Workspace.getByName("ws_demo");
    const sweep = () => runInDurableObject(workspace, async (ws: Workspace) => {
      // The conversation's update reaches the workspace object through its relay; sweep once it is there.
      await waitFor(async () => ws.index.windowsClosed(0, Date.now(), 86_400_000).some((c) => c.entry.id === id), Boolean, 5_000);
      await ws.onAlarm();
    });
    await sweep();
    await sweep();
    const rows = await waitFor(
      async () => (await env.DB.prepare("SELECT at, wa_at, kind FROM events WHERE conversation_id = ? AND kind = 'window_expired'").bind(id).all<{ at: number; wa_at: number }>()).results,
      (r) => r.length > 0,
      10_000,
    );
    expect(rows).toEqual([{ at: lastWrote * 1000 + 24 * HOUR, wa_at: lastWrote * 1000, kind: "window_expired" }]);
  });
});
