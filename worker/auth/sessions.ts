// Sessions (browser cookie) and personal API tokens (Bearer). Both are random secrets given to the client once;
// D1 stores only their SHA-256, so a database leak does not hand out logins. Sessions end after 12 h without use
// and 30 days after login whatever happens; tokens carry scopes and always expire (at most a year).
import { and, eq, like, ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Actor } from "../../shared/model";
import { apiTokens, sessions } from "../../shared/db-schema";
import { cachedActor, forgetCredential, rememberActor } from "./actor-cache";
import { type Credential, TOKEN_SCOPES, type TokenScope, parseScopes } from "./credential";

/** Over plain http (local development) the cookie has its plain name; over https it is `__Host-` bound to the origin. */
export const SESSION_COOKIE = "colmena_session";
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
/** Absolute lifetime: a session ends this long after login, however busy. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Idle timeout: a session not used for this long ends. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at / last_used_at are written at most this often (D1 answers one query at a time). */
const TOUCH_EVERY_MS = 60 * 1000;
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
         (SELECT group_concat(tm.team_id) FROM team_members tm WHERE tm.agent_id = a.id) AS teamIds,
         ${credentialTable === "sessions" ? "c.last_seen_at AS lastUsed, NULL AS scopes" : "c.last_used_at AS lastUsed, c.scopes AS scopes"}
  FROM ${credentialTable} c
  JOIN agents a ON a.id = c.agent_id
  JOIN workspaces w ON w.id = a.workspace_id
  WHERE c.token_hash = ?1 AND a.active = 1 AND (c.expires_at IS NULL OR c.expires_at > ?2)
    -- Two-step verification required and not set up: no credential of the person works until they enrol at login.
    AND NOT (w.require_two_factor = 1 AND a.role IN ('admin', 'supervisor') AND a.totp_enabled_at IS NULL)
    ${credentialTable === "sessions" ? "AND COALESCE(c.last_seen_at, c.created_at) > ?2 - ?3" : ""}`;

type ActorRow = { agentId: string; workspaceId: string; role: Actor["role"]; name: string; seeAll: number; teamIds: string | null; lastUsed: number | null; scopes: string | null };
export type Authenticated = { actor: Actor; credential: Credential };

async function actorFor(db: D1Database, table: "sessions" | "api_tokens", token: string): Promise<Authenticated | null> {
  const hash = await sha256Hex(token);
  const cached = cachedActor(hash);
  if (cached) return { actor: cached.actor, credential: cached.credential };
  const now = Date.now();
  const stmt = db.prepare(ACTOR_SQL(table));
  const row = await (table === "sessions" ? stmt.bind(hash, now, SESSION_IDLE_MS) : stmt.bind(hash, now)).first<ActorRow>();
  if (!row) return null;
  const actor: Actor = { agentId: row.agentId, workspaceId: row.workspaceId, role: row.role, name: row.name, seeAll: row.seeAll === 1, teamIds: row.teamIds ? row.teamIds.split(",") : [] };
  const credential: Credential = table === "sessions" ? { kind: "session", hash } : { kind: "token", hash, scopes: parseScopes(row.scopes) };
  if (row.lastUsed === null || now - row.lastUsed > TOUCH_EVERY_MS) {
    const d1 = drizzle(db);
    await (table === "sessions"
      ? d1.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, hash))
      : d1.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.tokenHash, hash)));
  }
  rememberActor(hash, actor, credential);
  return { actor, credential };
}

export async function createSession(db: D1Database, agent: { id: string; workspaceId: string }, userAgent: string | null = null): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken();
  const now = Date.now();
  const expiresAt = now + SESSION_TTL_MS;
  await drizzle(db).insert(sessions).values({ tokenHash: await sha256Hex(token), agentId: agent.id, workspaceId: agent.workspaceId, createdAt: now, expiresAt, lastSeenAt: now, userAgent: userAgent?.slice(0, 200) ?? null });
  return { token, expiresAt };
}

export function actorFromSession(db: D1Database, token: string): Promise<Authenticated | null> {
  return actorFor(db, "sessions", token);
}

export async function deleteSession(db: D1Database, token: string): Promise<void> {
  const hash = await sha256Hex(token);
  forgetCredential(hash);
  await drizzle(db).delete(sessions).where(eq(sessions.tokenHash, hash));
}

/** Public id of a session or token: the start of its hash (the secret itself is never stored nor shown again). */
export const tokenId = (tokenHash: string) => tokenHash.slice(0, 16);

export async function listSessions(db: D1Database, agentId: string, currentHash: string | null) {
  const now = Date.now();
  const rows = await drizzle(db).select().from(sessions).where(eq(sessions.agentId, agentId)).all();
  return rows
    .filter((s) => s.expiresAt > now && (s.lastSeenAt ?? s.createdAt) > now - SESSION_IDLE_MS)
    .sort((a, b) => (b.lastSeenAt ?? b.createdAt) - (a.lastSeenAt ?? a.createdAt))
    .map((s) => ({ id: tokenId(s.tokenHash), createdAt: s.createdAt, lastSeenAt: s.lastSeenAt ?? s.createdAt, expiresAt: s.expiresAt, userAgent: s.userAgent, current: s.tokenHash === currentHash }));
}

/** Ends one of the person's sessions by its public id. */
export async function endSession(db: D1Database, agentId: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f]{16}$/.test(id)) return false;
  const deleted = await drizzle(db)
    .delete(sessions)
    .where(and(eq(sessions.agentId, agentId), like(sessions.tokenHash, `${id}%`)))
    .returning({ hash: sessions.tokenHash });
  for (const row of deleted) forgetCredential(row.hash);
  return deleted.length > 0;
}

/** Ends every session of the person except `keepHash` (null: all of them). Returns how many ended. */
export async function endSessions(db: D1Database, agentId: string, keepHash: string | null): Promise<number> {
  const where = keepHash ? and(eq(sessions.agentId, agentId), ne(sessions.tokenHash, keepHash)) : eq(sessions.agentId, agentId);
  const deleted = await drizzle(db).delete(sessions).where(where).returning({ hash: sessions.tokenHash });
  for (const row of deleted) forgetCredential(row.hash);
  return deleted.length;
}

export async function createApiToken(
  db: D1Database,
  agent: { id: string; workspaceId: string },
  name: string,
  expiresAt: number | null = null,
  scopes: readonly TokenScope[] = TOKEN_SCOPES,
): Promise<string> {
  const token = API_TOKEN_PREFIX + randomToken();
  await drizzle(db).insert(apiTokens).values({ tokenHash: await sha256Hex(token), agentId: agent.id, workspaceId: agent.workspaceId, name, createdAt: Date.now(), expiresAt, scopes: [...new Set(scopes)].join(",") });
  return token;
}

export async function listApiTokens(db: D1Database, agentId: string) {
  const rows = await drizzle(db).select().from(apiTokens).where(eq(apiTokens.agentId, agentId)).all();
  return rows.map((t) => ({ id: tokenId(t.tokenHash), name: t.name, createdAt: t.createdAt, expiresAt: t.expiresAt, scopes: parseScopes(t.scopes), lastUsedAt: t.lastUsedAt }));
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

export function actorFromApiToken(db: D1Database, token: string): Promise<Authenticated | null> {
  return actorFor(db, "api_tokens", token);
}
