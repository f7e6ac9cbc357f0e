// People's current facts (role, teams, the workspace's "agents see all") straight from D1, for telling live sockets
// after an admin changed them: the workspace object closes those that may no longer see what they watch.
import type { Actor } from "../../shared/model";
import { rpcStub } from "../../durable/stubs";
import { forgetAgent } from "./actor-cache";

type Row = { agentId: string; workspaceId: string; role: Actor["role"]; name: string; seeAll: number; teamIds: string | null };

export async function actorsOf(db: D1Database, workspaceId: string, agentIds: readonly string[] | "all"): Promise<Actor[]> {
  if (agentIds !== "all" && agentIds.length === 0) return [];
  const ids = agentIds === "all" ? null : [...new Set(agentIds)];
  const rows = await db
    .prepare(
      `SELECT a.id AS agentId, a.workspace_id AS workspaceId, a.role AS role, a.name AS name, w.agents_see_all AS seeAll,
              (SELECT group_concat(tm.team_id) FROM team_members tm WHERE tm.agent_id = a.id) AS teamIds
       FROM agents a JOIN workspaces w ON w.id = a.workspace_id
       WHERE a.workspace_id = ?1 AND a.active = 1 ${ids ? "AND a.id IN (SELECT value FROM json_each(?2))" : ""}`,
    )
    .bind(...(ids ? [workspaceId, JSON.stringify(ids)] : [workspaceId]))
    .all<Row>();
  return rows.results.map((r) => ({ agentId: r.agentId, workspaceId: r.workspaceId, role: r.role, name: r.name, seeAll: r.seeAll === 1, teamIds: r.teamIds ? r.teamIds.split(",") : [] }));
}

/**
 * After an admin changed people's teams, role or visibility: this isolate forgets them, and their open sockets get
 * the new facts — conversation sockets they can no longer see close before this resolves.
 */
export async function refreshSockets(env: Env, workspaceId: string, agentIds: readonly string[] | "all"): Promise<number> {
  const actors = await actorsOf(env.DB, workspaceId, agentIds);
  for (const actor of actors) forgetAgent(actor.agentId);
  if (!actors.length) return 0;
  return rpcStub(env, "Workspace", workspaceId).agentsChanged(actors);
}
