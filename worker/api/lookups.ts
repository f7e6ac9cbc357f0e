// Resolves ids a client sends (people, teams, tags) inside the caller's workspace, or answers 4xx with a reason.
import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Actor } from "../../shared/model";
import { agents, tags, teams } from "../../shared/db-schema";
import { apiError } from "../http-errors";

export async function personIn(db: D1Database, actor: Actor, id: string): Promise<{ id: string; name: string }> {
  const person = await drizzle(db)
    .select({ id: agents.id, name: agents.name })
    .from(agents)
    .where(and(eq(agents.id, id), eq(agents.workspaceId, actor.workspaceId), eq(agents.active, true)))
    .get();
  if (!person) throw apiError(422, "unknown_agent", "That person is not an active member of this workspace.");
  return person;
}

/** A team the request refers to (422 when unknown), or names in its path (`asPath`: 404). */
export async function teamIn(db: D1Database, actor: Actor, id: string, asPath = false): Promise<{ id: string; name: string }> {
  const team = await drizzle(db).select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.id, id), eq(teams.workspaceId, actor.workspaceId))).get();
  if (!team) throw asPath ? apiError(404, "not_found", "No such team.") : apiError(422, "unknown_team", "That team does not exist in this workspace.");
  return team;
}

export async function tagIn(db: D1Database, actor: Actor, id: string): Promise<{ id: string; name: string }> {
  const tag = await drizzle(db).select({ id: tags.id, name: tags.name }).from(tags).where(and(eq(tags.id, id), eq(tags.workspaceId, actor.workspaceId))).get();
  if (!tag) throw apiError(404, "not_found", "No such tag.");
  return tag;
}

export async function tagsIn(db: D1Database, actor: Actor, ids: string[]): Promise<Array<{ id: string; name: string }>> {
  if (!ids.length) return [];
  const rows = await drizzle(db).select({ id: tags.id, name: tags.name }).from(tags).where(and(inArray(tags.id, ids), eq(tags.workspaceId, actor.workspaceId))).all();
  if (rows.length !== new Set(ids).size) throw apiError(422, "unknown_tag", "Some of those tags do not exist in this workspace.");
  return rows;
}

export async function peopleIn(db: D1Database, actor: Actor, ids: string[]): Promise<Array<{ id: string; name: string }>> {
  if (!ids.length) return [];
  const rows = await drizzle(db)
    .select({ id: agents.id, name: agents.name })
    .from(agents)
    .where(and(inArray(agents.id, ids), eq(agents.workspaceId, actor.workspaceId), eq(agents.active, true)))
    .all();
  if (rows.length !== new Set(ids).size) throw apiError(422, "unknown_agent", "Some of those people are not active members of this workspace.");
  return rows;
}
