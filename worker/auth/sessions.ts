// Sessions (browser cookie) and personal API tokens (Bearer). Both are random secrets given to the client once;
// D1 stores only their SHA-256, so a database leak does not hand out logins.
import { and, eq, gt, isNull, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Actor } from "../../shared/model";
import { agents, apiTokens, sessions } from "../db/schema";

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

const actorColumns = { agentId: agents.id, workspaceId: agents.workspaceId, role: agents.role, name: agents.name };

export async function createSession(db: D1Database, agent: { id: string; workspaceId: string }): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken();
  const now = Date.now();
  const expiresAt = now + SESSION_TTL_MS;
  await drizzle(db).insert(sessions).values({ tokenHash: await sha256Hex(token), agentId: agent.id, workspaceId: agent.workspaceId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

export async function actorFromSession(db: D1Database, token: string): Promise<Actor | null> {
  const row = await drizzle(db)
    .select(actorColumns)
    .from(sessions)
    .innerJoin(agents, eq(agents.id, sessions.agentId))
    .where(and(eq(sessions.tokenHash, await sha256Hex(token)), gt(sessions.expiresAt, Date.now()), eq(agents.active, true)))
    .get();
  return row ?? null;
}

export async function deleteSession(db: D1Database, token: string): Promise<void> {
  await drizzle(db).delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(token)));
}

export async function createApiToken(db: D1Database, agent: { id: string; workspaceId: string }, name: string): Promise<string> {
  const token = API_TOKEN_PREFIX + randomToken();
  await drizzle(db).insert(apiTokens).values({ tokenHash: await sha256Hex(token), agentId: agent.id, workspaceId: agent.workspaceId, name, createdAt: Date.now() });
  return token;
}

export async function actorFromApiToken(db: D1Database, token: string): Promise<Actor | null> {
  const row = await drizzle(db)
    .select(actorColumns)
    .from(apiTokens)
    .innerJoin(agents, eq(agents.id, apiTokens.agentId))
    .where(and(eq(apiTokens.tokenHash, await sha256Hex(token)), eq(agents.active, true), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, Date.now()))))
    .get();
  return row ?? null;
}
