// /api/reports: the query schema (date range + filters) and what the summary, time series and export answer.
// Routes (worker/api/report-routes.ts) validate with the schema; the inbox's reports page imports types only.
// Every figure's definition lives in METRIC_DEFINITIONS, shown next to it in the product and in docs/api.md §15.
import { z } from "zod";

/** "2026-12-01" (a whole day in the workspace's time zone) or epoch milliseconds. */
const instant = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD or epoch milliseconds"), z.coerce.number().int().nonnegative()]);

export const reportQuery = z
  .object({
    from: instant,
    /** Inclusive when a date ("to=2026-12-01" includes that whole day), exclusive when epoch ms. */
    to: instant,
    agentId: z.string().min(1).max(64).optional(),
    teamId: z.string().min(1).max(64).optional(),
    channelId: z.string().min(1).max(64).optional(),
    tagId: z.string().min(1).max(64).optional(),
    /** Durations counted in the workspace's business hours instead of calendar time. */
    businessHours: z.enum(["true", "false"]).optional(),
  })
  .strict();
export type ReportQuery = z.input<typeof reportQuery>;

export const timeseriesQuery = reportQuery.extend({
  metric: z.enum(["firstResponse", "nextReply", "resolution", "created", "resolved", "reopened", "messagesIn", "messagesOut", "csat", "botAnswered", "handoffs", "slaBreaches"]),
  /** Bucket size, in the workspace's calendar. */
  interval: z.enum(["day", "week", "month"]).default("day"),
});
export type TimeseriesQuery = z.input<typeof timeseriesQuery>;
export type TimeseriesMetric = z.infer<typeof timeseriesQuery>["metric"];

/** A duration metric: percentiles over every measurement in the range. */
export interface DurationStats {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
  meanMs: number | null;
}

export interface ReportSummary {
  range: { from: number; to: number; timeZone: string };
  firstResponse: DurationStats;
  /** The same replies measured from the first assignment to a person instead of the customer's first message. */
  firstResponseFromAssignment: DurationStats;
  nextReply: DurationStats;
  resolution: DurationStats;
  conversations: { created: number; resolved: number; reopened: number };
  messages: { in: number; out: number; outByPeople: number; outByBot: number };
  bot: { answered: number; handedOff: number; conversations: number };
  csat: { asked: number; responses: number; /** mean of 1–5 */ score: number | null; /** share of 4–5 answers, 0–1 */ satisfied: number | null; /** responses ÷ asked, 0–1 */ rate: number | null };
  sla: { breaches: number; firstResponse: number; nextResponse: number; resolution: number; warnings: number };
  /** Percentiles are exact when every measurement was read; over large ranges they come from daily histograms (±1%). */
  exact: boolean;
  businessHours: boolean;
}

export interface TimeseriesPoint {
  /** Start of the bucket (epoch ms, the workspace's midnight). */
  at: number;
  /** Counts; for durations the median in ms (null: nothing measured). */
  value: number | null;
  /** Measurements in the bucket (durations) or the count itself. */
  count: number;
}

export interface ReportTimeseries {
  metric: TimeseriesMetric;
  interval: "day" | "week" | "month";
  timeZone: string;
  points: TimeseriesPoint[];
}

export interface CsatComment {
  conversationId: string;
  at: number;
  score: number;
  comment: string;
  agentId: string | null;
}

export type MetricKey = "firstResponse" | "firstResponseFromAssignment" | "nextReply" | "resolution" | "created" | "resolved" | "reopened" | "messagesIn" | "messagesOut" | "botAnswered" | "handoffs" | "csat" | "csatRate" | "sla";

/** What each figure means, shown on hover in the reports page (Spanish first) and copied into docs/api.md. */
export const METRIC_DEFINITIONS: Record<MetricKey, { es: string; en: string }> = {
  firstResponse: {
    es: "Desde el primer mensaje del cliente en el ciclo (hora de WhatsApp) hasta la primera respuesta de una persona. Si el asistente atendía, cuenta desde que pasó la conversación al equipo. Se atribuye a quien respondió.",
    en: "From the customer's first message of the cycle (WhatsApp's time) to a person's first reply. If the assistant had it, from its handoff. Credited to whoever replied.",
  },
  firstResponseFromAssignment: {
    es: "La misma primera respuesta, medida desde la primera asignación a una persona en el ciclo.",
    en: "The same first reply, measured from the cycle's first assignment to a person.",
  },
  nextReply: {
    es: "Cada vez que el cliente espera tras una respuesta: desde su mensaje hasta la siguiente respuesta de una persona.",
    en: "Every later wait: from the customer's message to a person's next reply.",
  },
  resolution: {
    es: "Tiempo abierto de cada ciclo hasta resolverse: sin el tiempo pospuesto ni el tiempo con el asistente. Una reapertura es un ciclo nuevo. Se atribuye a quien resolvió.",
    en: "Open time of each cycle until resolved, without snoozed or assistant-owned time. A reopen starts a new cycle. Credited to whoever resolved.",
  },
  created: { es: "Conversaciones nuevas en el periodo.", en: "New conversations in the range." },
  resolved: { es: "Resoluciones en el periodo (un ciclo reabierto después sigue contando).", en: "Resolutions in the range (a later reopen does not remove them)." },
  reopened: { es: "Conversaciones resueltas o pospuestas que volvieron a abrirse.", en: "Resolved conversations that opened again." },
  messagesIn: { es: "Mensajes de clientes.", en: "Customer messages." },
  messagesOut: { es: "Mensajes enviados a clientes (personas y asistente; sin notas internas).", en: "Messages sent to customers (people and assistant; no internal notes)." },
  botAnswered: { es: "Respuestas del asistente IA.", en: "Answers by the AI assistant." },
  handoffs: { es: "Veces que el asistente pasó una conversación al equipo.", en: "Times the assistant handed a conversation to people." },
  csat: {
    es: "Media de las valoraciones (1–5; Bien = 5, Regular = 3, Mal = 1) y porcentaje de 4–5.",
    en: "Mean rating (1–5; Good = 5, Okay = 3, Bad = 1) and share of 4–5.",
  },
  csatRate: { es: "Encuestas respondidas ÷ encuestas enviadas.", en: "Surveys answered ÷ surveys sent." },
  sla: { es: "Objetivos de servicio incumplidos (primera respuesta, siguiente respuesta, resolución).", en: "Service targets missed (first response, next response, resolution)." },
};
