// GET /api/reports/export.csv and /events.csv: the range's conversations with their figures, or its raw events,
// streamed page by page (a million rows never sit in memory; the first bytes leave after the first page).
import { eventsWhere, type ReportFilters } from "./report-filters";
import type { ReportRange } from "./report-range";

const PAGE = 1_000;

/** RFC 4180: quote every field that needs it; a leading =, +, - or @ is defused for spreadsheets. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : String(value);
  if (/^[=+\-@]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (fields: unknown[]) => `${fields.map(csvField).join(",")}\r\n`;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function streamPages<T>(header: string[], page: (after: string | null) => Promise<T[]>, cursor: (row: T) => string, row: (r: T) => unknown[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string | null = null;
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${line(header)}`));
      }
      const rows = await page(after);
      if (rows.length) {
        controller.enqueue(encoder.encode(rows.map((r) => line(row(r))).join("")));
        after = cursor(rows[rows.length - 1]!);
      }
      if (rows.length < PAGE) controller.close();
    },
  });
}

interface ConversationRow {
  conversation_id: string;
  contact_name: string | null;
  contact_phone: string | null;
  channel_id: string | null;
  status: string | null;
  assignee_id: string | null;
  team_id: string | null;
  created_at: number | null;
  messages_in: number;
  messages_out: number;
  bot_messages_out: number;
  first_response_ms: number | null;
  next_reply_mean_ms: number | null;
  resolutions: number;
  resolution_ms: number | null;
  reopens: number;
  handoffs: number;
  csat: number | null;
  sla_breaches: number;
}

/** One row per conversation with events in the range: its figures over the range. */
export function conversationsCsv(db: D1Database, workspaceId: string, range: ReportRange, filters: ReportFilters): ReadableStream<Uint8Array> {
  const w = eventsWhere(workspaceId, { from: range.from, to: range.to }, filters);
  const sql = `SELECT e.conversation_id,
      c.contact_name, c.contact_phone, c.channel_id, c.status, c.assignee_id, c.team_id, c.created_at,
      sum(e.kind = 'message_in') AS messages_in, sum(e.kind = 'message_out') AS messages_out, sum(e.kind = 'bot_message_out') AS bot_messages_out,
      min(CASE WHEN e.kind = 'first_response' THEN e.value END) AS first_response_ms,
      CAST(avg(CASE WHEN e.kind = 'next_reply' THEN e.value END) AS INTEGER) AS next_reply_mean_ms,
      sum(e.kind = 'resolved') AS resolutions, sum(CASE WHEN e.kind = 'resolved' THEN e.value END) AS resolution_ms,
      sum(e.kind = 'reopened') AS reopens, sum(e.kind = 'handoff') AS handoffs,
      max(CASE WHEN e.kind = 'csat_answered' THEN e.value END) AS csat,
      sum(e.kind LIKE 'sla_breach_%') AS sla_breaches
    FROM events e LEFT JOIN conversations c ON c.id = e.conversation_id
    WHERE ${w.sql} AND (? IS NULL OR e.conversation_id > ?)
    GROUP BY e.conversation_id ORDER BY e.conversation_id LIMIT ${PAGE}`;
  const header = ["conversation_id", "contact_name", "contact_phone", "channel_id", "status_now", "assignee_now", "team_now", "created_at", "messages_in", "messages_out_people", "messages_out_bot", "first_response_ms", "next_reply_mean_ms", "resolutions", "resolution_ms", "reopens", "bot_handoffs", "csat", "sla_breaches"];
  return streamPages<ConversationRow>(
    header,
    async (after) => (await db.prepare(sql).bind(...w.binds, after, after).all<ConversationRow>()).results,
    (r) => r.conversation_id,
    (r) => [r.conversation_id, r.contact_name, r.contact_phone, r.channel_id, r.status, r.assignee_id, r.team_id, iso(r.created_at), r.messages_in, r.messages_out, r.bot_messages_out, r.first_response_ms, r.next_reply_mean_ms, r.resolutions, r.resolution_ms, r.reopens, r.handoffs, r.csat, r.sla_breaches],
  );
}

interface EventRow {
  id: string;
  conversation_id: string;
  kind: string;
  agent_id: string | null;
  team_id: string | null;
  channel_id: string | null;
  at: number;
  wa_at: number | null;
  started_at: number | null;
  value: number | null;
  business_value: number | null;
}

/** Every raw event in the range, oldest first (the event log itself, for audits and other tools). */
export function eventsCsv(db: D1Database, workspaceId: string, range: ReportRange, filters: ReportFilters): ReadableStream<Uint8Array> {
  const w = eventsWhere(workspaceId, { from: range.from, to: range.to }, filters);
  const sql = `SELECT e.id, e.conversation_id, e.kind, e.agent_id, e.team_id, e.channel_id, e.at, e.wa_at, e.started_at, e.value, e.business_value
    FROM events e WHERE ${w.sql} AND (? IS NULL OR (e.at, e.id) > (?, ?)) ORDER BY e.at, e.id LIMIT ${PAGE}`;
  return streamPages<EventRow>(
    ["id", "conversation_id", "kind", "agent_id", "team_id", "channel_id", "at", "whatsapp_at", "started_at", "value_ms", "business_value_ms"],
    async (after) => {
      const [at, id] = after ? (JSON.parse(after) as [number, string]) : [null, null];
      return (await db.prepare(sql).bind(...w.binds, at, at, id).all<EventRow>()).results;
    },
    (r) => JSON.stringify([r.at, r.id]),
    (r) => [r.id, r.conversation_id, r.kind, r.agent_id, r.team_id, r.channel_id, iso(r.at), iso(r.wa_at), iso(r.started_at), r.value, r.business_value],
  );
}
