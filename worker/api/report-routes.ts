// /api/reports (supervisors and admins): the summary of a range, time series for charts, CSV exports of
// conversations and raw events, and CSAT comments. Ranges are read in the workspace's time zone; definitions of
// every figure live in shared/api/reports.ts and docs/api.md §15.
import { zValidator } from "@hono/zod-validator";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { reportQuery, timeseriesQuery } from "../../shared/api/reports";
import { workspaces } from "../../shared/db-schema";
import { requireActor, requireRole } from "../auth/require-actor";
import type { AppEnv } from "../env";
import { conversationsCsv, eventsCsv } from "../reports/export-csv";
import { csatComments } from "../reports/csat-comments";
import type { ReportFilters } from "../reports/report-filters";
import { resolveRange } from "../reports/report-range";
import { type ReportScope, reportByAgent, reportSummary } from "../reports/summary";
import { reportTimeseries } from "../reports/timeseries";
import { validationHook } from "./validation";

async function scopeOf(db: D1Database, workspaceId: string, q: { from: string | number; to: string | number } & ReportFilters): Promise<ReportScope> {
  const ws = await drizzle(db).select({ timezone: workspaces.timezone }).from(workspaces).where(eq(workspaces.id, workspaceId)).get();
  const now = Date.now();
  const filters: ReportFilters = { agentId: q.agentId, teamId: q.teamId, channelId: q.channelId, tagId: q.tagId };
  return { db, workspaceId, range: resolveRange(q, ws?.timezone ?? "Europe/Madrid", now), filters, now };
}

const csv = (body: ReadableStream<Uint8Array>, name: string) =>
  new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" } });

export const reportRoutes = new Hono<AppEnv>()
  .use("*", requireActor, requireRole("admin", "supervisor"))
  .get("/summary", zValidator("query", reportQuery, validationHook), async (c) => {
    const q = c.req.valid("query");
    return c.json(await reportSummary(await scopeOf(c.env.DB, c.var.actor.workspaceId, q), q.businessHours === "true"));
  })
  .get("/agents", zValidator("query", reportQuery, validationHook), async (c) => {
    const q = c.req.valid("query");
    return c.json(await reportByAgent(await scopeOf(c.env.DB, c.var.actor.workspaceId, q), q.businessHours === "true"));
  })
  .get("/timeseries", zValidator("query", timeseriesQuery, validationHook), async (c) => {
    const q = c.req.valid("query");
    return c.json(await reportTimeseries(await scopeOf(c.env.DB, c.var.actor.workspaceId, q), q.metric, q.interval, q.businessHours === "true"));
  })
  .get("/export.csv", zValidator("query", reportQuery, validationHook), async (c) => {
    const s = await scopeOf(c.env.DB, c.var.actor.workspaceId, c.req.valid("query"));
    return csv(conversationsCsv(s.db, s.workspaceId, s.range, s.filters), "colmena-conversaciones.csv");
  })
  .get("/events.csv", zValidator("query", reportQuery, validationHook), async (c) => {
    const s = await scopeOf(c.env.DB, c.var.actor.workspaceId, c.req.valid("query"));
    return csv(eventsCsv(s.db, s.workspaceId, s.range, s.filters), "colmena-eventos.csv");
  })
  .get("/csat-comments", zValidator("query", reportQuery, validationHook), async (c) => {
    const comments = await csatComments(await scopeOf(c.env.DB, c.var.actor.workspaceId, c.req.valid("query")));
    return c.json({ comments });
  });
