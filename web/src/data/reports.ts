// The reports area's data: summary, time series, CSAT comments and the CSV export's address for one filter
// (GET /api/reports/*, supervisors and admins), and the numbers a report can be narrowed to. Only the lazily
// loaded reports and wallboard pages import this module.
import type { AgentReport, CsatComment, ReportQuery, ReportSummary, ReportTimeseries, TimeseriesMetric, TimeseriesQuery } from "../../../shared/api/reports";
import { q, request } from "./api";
import type { ChannelEntry, Items } from "./types";

/** What the reports page narrows to: whole days in the workspace's zone (`to` inclusive) and optional filters. */
export interface ReportFilter {
  from: string;
  to: string;
  agentId: string | null;
  teamId: string | null;
  channelId: string | null;
  tagId: string | null;
  businessHours: boolean;
}

export type ReportInterval = NonNullable<TimeseriesQuery["interval"]>;

const query = (f: ReportFilter) =>
  ({
    from: f.from,
    to: f.to,
    agentId: f.agentId ?? undefined,
    teamId: f.teamId ?? undefined,
    channelId: f.channelId ?? undefined,
    tagId: f.tagId ?? undefined,
    businessHours: f.businessHours ? "true" : undefined,
  }) satisfies ReportQuery;

export const reportsApi = {
  summary: (f: ReportFilter) => request<ReportSummary>("GET", `/api/reports/summary${q(query(f))}`),
  timeseries: (f: ReportFilter, metric: TimeseriesMetric, interval: ReportInterval) =>
    request<ReportTimeseries>("GET", `/api/reports/timeseries${q({ ...query(f), metric, interval } satisfies TimeseriesQuery)}`),
  agents: (f: ReportFilter) => request<AgentReport>("GET", `/api/reports/agents${q(query(f))}`),
  csatComments: (f: ReportFilter) => request<{ comments: CsatComment[] }>("GET", `/api/reports/csat-comments${q(query(f))}`),
  /** The workspace's numbers, for the channel filter. */
  channels: async (): Promise<ChannelEntry[]> => (await request<Items<ChannelEntry>>("GET", "/api/channels")).items,
};

/** Where the CSV of this filter downloads from: a plain link, so the browser streams it to a file. */
export const exportCsvUrl = (f: ReportFilter): string => `/api/reports/export.csv${q(query(f))}`;
