// /api/reports: the query schema (date range + filters) and what the summary, time series and export answer.
// Routes (worker/api/report-routes.ts) validate with the schema; the inbox's reports page imports types only.
// Every figure's definition is in shared/report-definitions.ts (no zod, so the inbox loads it cheaply) and docs/api.md §15.
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
  /** `windowsExpired`: open or snoozed conversations whose 24-hour window closed (only a template reaches them). */
  conversations: { created: number; resolved: number; reopened: number; windowsExpired: number };
  messages: { in: number; out: number; outByPeople: number; outByBot: number };
  bot: { answered: number; handedOff: number; conversations: number };
  csat: { asked: number; responses: number; /** mean of 1–5 */ score: number | null; /** share of 4–5 answers, 0–1 */ satisfied: number | null; /** responses ÷ asked, 0–1 */ rate: number | null };
  sla: { breaches: number; firstResponse: number; nextResponse: number; resolution: number; warnings: number };
  /** Percentiles are exact when every measurement was read; over large ranges they come from daily histograms (±1%). */
  exact: boolean;
  businessHours: boolean;
}

/** One person's row of the per-person table (GET /api/reports/agents). */
export interface AgentReportRow {
  agentId: string;
  firstResponse: DurationStats;
  resolved: number;
  csat: { responses: number; score: number | null };
}

export interface AgentReport {
  /** People credited with anything in the range (the bot as "bot"), in no particular order. */
  agents: AgentReportRow[];
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

export { METRIC_DEFINITIONS, type MetricKey } from "../report-definitions";
