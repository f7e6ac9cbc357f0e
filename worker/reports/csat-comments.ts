// GET /api/reports/csat-comments: what customers wrote after rating, newest first (the comment's event carries it).
import type { CsatComment } from "../../shared/api/reports";
import { eventsWhere } from "./report-filters";
import type { ReportScope } from "./summary";

const LIMIT = 200;

export async function csatComments(scope: ReportScope): Promise<CsatComment[]> {
  const w = eventsWhere(scope.workspaceId, { from: scope.range.from, to: scope.range.to }, scope.filters);
  const { results } = await scope.db
    .prepare(`SELECT e.conversation_id, e.at, e.value, e.agent_id, e.data FROM events e WHERE e.kind = 'csat_comment' AND ${w.sql} ORDER BY e.at DESC LIMIT ${LIMIT}`)
    .bind(...w.binds)
    .all<{ conversation_id: string; at: number; value: number | null; agent_id: string | null; data: string | null }>();
  return results.map((r) => ({
    conversationId: r.conversation_id,
    at: r.at,
    score: r.value ?? 0,
    comment: r.data ? String((JSON.parse(r.data) as { comment?: unknown }).comment ?? "") : "",
    agentId: r.agent_id,
  }));
}
