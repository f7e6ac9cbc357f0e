// Sessions (browser cookie) and personal API tokens (Bearer). Both are random secrets given to the client once;
// D1 stores only their SHA-256, so a database leak does not hand out logins.
import { and, eq, like } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Actor } from "../../shared/model";
import { apiTokens, sessions } from "../../shared/db-schema";
import { cachedActor, forgetCredential, rememberActor } from "./actor-cache";

export const SESSION_COOKIE = "colmena_session";
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const API_TOKEN_PREFIX = "col_";

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** One query from a credential's hash to the full Actor (role, teams, workspace visibility setting). */
const ACTOR_SQL = (credentialTable: "sessions" | "api_tokens") => `
  SELECT a.id AS agentId, a.workspace_id AS workspaceId, a.role AS role, a.name AS name, w.agents_see_all AS seeAll,
         (SELECT group_concat(tm.team_id) FROM team_members tm WHERE tm.agent_id = a.id) AS teamIds
  FROM ${credentialTable} c
  JOIN agents a ON a.id = c.agent_id
  JOIN workspaces w ON w.id = a.workspace_id
  WHERE c.token_hash = ?1 AND a.active = 1 AND (c.expires_at IS NULL OR c.expires_at > ?2)`;

type ActorRow = { agentId: string; workspaceId: string; role: Actor["role"]; name: string; seeAll: number; teamIds: string | null };

async function actorFor(db: D1Database, table: "sessions" | "api_tokens", token: string): Promise<Actor | null> {
  const hash = await sha256Hex(token);
  const cached = cachedActor(hash);
  if (cached) return cached;
  const row = await db.prepare(ACTOR_SQL(table)).bind(hash, Date.now()).first<ActorRow>();
  if (!row) return null;
  const actor: Actor = { agentId: row.agentId, workspaceId: row.workspaceId, role: row.role, name: row.name, seeAll: row.seeAll === 1, teamIds: row.teamIds ? row.teamIds.split(",") : [] };
  rememberActor(hash, actor);
  return actor;
}

export async function createSession(db: D1Database, agent: { id: string; workspaceId: string }): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken();
  const now = Date.now();
  const expiresAt = now + SESSION_TTL_MS;
  await drizzle(db).insert(sessions).values({ tokenHash: await sha256Hex(token), agentId: agent.id, workspaceId: agent.workspaceId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

export function actorFromSession(db: D1Database, token: string): Promise<Actor | null> {
  return actorFor(db, "sessions", token);
}

export async function deleteSession(db: D1Database, token: string): Promise<void> {
  const hash = await sha256Hex(token);
  forgetCredential(hash);
  await drizzle(db).delete(sessions).where(eq(sessions.tokenHash, hash));
}

export async function createApiToken(db: D1Database, agent: { id: string; workspaceId: string }, name: string, expiresAt: number | null = null): Promise<string> {
  const token = API_TOKEN_PREFIX + randomToken();
  await drizzle(db).insert(apiTokens).values({ tokenHash: await sha256Hex(token), agentId: agent.id, workspaceId: agent.workspaceId, name, createdAt: Date.now(), expiresAt });
  return token;
}

/** Public id of a token: the start of its hash (the token itself is never stored nor shown again). */
export const tokenId = (tokenHash: string) => tokenHash.slice(0, 16);

export async function listApiTokens(db: D1Database, agentId: string) {
  const rows = await drizzle(db).select().from(apiTokens).where(eq(apiTokens.agentId, agentId)).all();
  return rows.map((t) => ({ id: tokenId(t.tokenHash), name: t.name, createdAt: t.createdAt, expiresAt: t.expiresAt }));
}

export async function revokeApiToken(db: D1Database, agentId: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f]{16}$/.test(id)) return false;
  const deleted = await drizzle(db)
    .delete(apiTokens)
    .where(and(eq(apiTokens.agentId, agentId), like(apiTokens.tokenHash, `${id}%`)))
    .returning({ hash: apiTokens.tokenHash });
  for (const row of deleted) forgetCredential(row.hash);
  return deleted.length > 0;
}

export function actorFromApiToken(db: D1Database, token: string): Promise<Actor | null> {
  return actorFor(db, "api_tokens", token);
}
