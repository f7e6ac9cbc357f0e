// The WHERE clauses of report queries: one workspace, one range, and the optional agent/team/channel/tag filters,
// for raw events (`events`) and for daily rollups (`report_daily`, which has no tags: a tag filter reads raw events).
export interface ReportFilters {
  agentId?: string;
  teamId?: string;
  channelId?: string;
  tagId?: string;
}

export interface Where {
  sql: string;
  binds: Array<string | number>;
}

function byWho(f: ReportFilters, prefix: string): Where {
  const parts: string[] = [];
  const binds: Array<string | number> = [];
  for (const [column, value] of [["agent_id", f.agentId], ["team_id", f.teamId], ["channel_id", f.channelId]] as const) {
    if (value === undefined) continue;
    parts.push(`${prefix}${column} = ?`);
    binds.push(value);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(""), binds };
}

/** Raw events of the workspace in [from, to) (on the listed local days, which the day index narrows to). */
export function eventsWhere(workspaceId: string, span: { from: number; to: number; days?: number[] }, f: ReportFilters): Where {
  const who = byWho(f, "e.");
  const days = span.days?.length ? " AND e.day BETWEEN ? AND ?" : "";
  const tag = f.tagId ? " AND e.conversation_id IN (SELECT conversation_id FROM conversation_tags WHERE workspace_id = ? AND tag_id = ?)" : "";
  return {
    sql: `e.workspace_id = ?${days} AND e.at >= ? AND e.at < ?${who.sql}${tag}`,
    binds: [workspaceId, ...(span.days?.length ? [Math.min(...span.days), Math.max(...span.days)] : []), span.from, span.to, ...who.binds, ...(f.tagId ? [workspaceId, f.tagId] : [])],
  };
}

/** Rollup rows of the workspace for local days first..last. */
export function rollupWhere(workspaceId: string, days: { first: number; last: number }, f: ReportFilters): Where {
  const who = byWho(f, "");
  return { sql: `workspace_id = ? AND day BETWEEN ? AND ?${who.sql}`, binds: [workspaceId, days.first, days.last, ...who.binds] };
}
