// /api/auth: log in (session cookie), log out, who am I.
import { zValidator } from "@hono/zod-validator";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { type Context, Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { agents, invites, teamMembers, teams, workspaces } from "../../shared/db-schema";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { beginLogin, clientAddress, loginSucceeded, passwordAccepted } from "../auth/login-throttle";
import { LOGIN_TICKET_TTL_MS, issueLoginTicket, twoFactorRequired } from "../auth/two-factor";
import { DECOY_HASH, hashPassword, verifyPassword } from "../auth/password";
import { requireActor, requireSession, sessionCookieOf } from "../auth/require-actor";
import { SESSION_COOKIE, createApiToken, createSession, deleteSession, listApiTokens, revokeApiToken, sha256Hex, tokenId } from "../auth/sessions";
import { validationHook } from "./validation";
import { rpcStub } from "../../durable/stubs";
import { type ApiTokenCreated, type ApiTokenEntry, type InviteInfo, type Me, type SessionStarted, type TwoFactorChallenge, acceptInviteBody, loginBody, tokenBody } from "../../shared/api/auth";
import type { Items, Ok } from "../../shared/api/common";
import { recordAudit } from "../audit/audit-log";

async function openInvite(db: D1Database, token: string) {
  const invite = await drizzle(db).select().from(invites).where(eq(invites.tokenHash, await sha256Hex(token))).get();
  if (!invite || invite.acceptedAt) throw apiError(404, "invite_not_found", "This invitation does not exist or was already used.");
  if (invite.expiresAt < Date.now()) throw apiError(410, "invite_expired", "This invitation has expired. Ask your admin for a new one.");
  return invite;
}

export function setSessionCookie(c: Context<AppEnv>, session: { token: string; expiresAt: number }): void {
  // Over https the cookie is `__Host-` (Secure, path /, no Domain: no subdomain can set or read it). Plain http
  // (local development) keeps the plain name, since Secure cookies are dropped on http://localhost by some clients.
  const https = new URL(c.req.url).protocol === "https:";
  // Hono writes the `__Host-` prefix itself (and checks Secure, path / and no Domain).
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    secure: https,
    sameSite: "Lax",
    path: "/",
    expires: new Date(session.expiresAt),
    ...(https ? { prefix: "host" as const } : {}),
  });
}

export function clearSessionCookies(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
  if (new URL(c.req.url).protocol === "https:") deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true, prefix: "host" });
}

export const authRoutes = new Hono<AppEnv>()
  .post("/login", zValidator("json", loginBody, validationHook), async (c) => {
    const { email, password } = c.req.valid("json");
    const address = clientAddress(c.req.raw);
    const gate = await beginLogin(c.env, email, address);
    if (!gate.allowed) {
      const wait = gate.retryAfterSeconds;
      throw apiError(429, "too_many_attempts", `Too many failed logins. Try again in ${wait} s.`, { retryAfterSeconds: wait }, { "retry-after": String(wait) });
    }

    const agent = await drizzle(c.env.DB).select().from(agents).where(eq(agents.email, email)).get();
    const valid = await verifyPassword(password, agent?.passwordHash ?? DECOY_HASH);
    if (!agent || !valid || !agent.active) throw apiError(401, "invalid_credentials", "Email or password is not correct.");
    // A second step is owed: a code (enrolled), or setting one up (the workspace requires it for this role). No session
    // yet, only a ticket that POST /login/2fa redeems.
    const secondStep = agent.totpEnabledAt !== null ? "required" : (await twoFactorRequired(c.env.DB, agent)) ? "enrol" : null;
    if (secondStep) {
      await passwordAccepted(c.env, address);
      const ticket = await issueLoginTicket(c.env.DATA_KEY, agent);
      return c.json({ twoFactor: secondStep, ticket, expiresAt: Date.now() + LOGIN_TICKET_TTL_MS } satisfies TwoFactorChallenge);
    }
    await loginSucceeded(c.env, email, address);
    setSessionCookie(c, await createSession(c.env.DB, agent, c.req.header("user-agent") ?? null));
    return c.json({ agent: { id: agent.id, name: agent.name, email: agent.email, role: agent.role, workspaceId: agent.workspaceId } } satisfies SessionStarted);
  })
  .get("/invites/:token", async (c) => {
    const invite = await openInvite(c.env.DB, c.req.param("token"));
    const workspace = await drizzle(c.env.DB).select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, invite.workspaceId)).get();
    return c.json({ email: invite.email, name: invite.name, role: invite.role, workspaceName: workspace?.name ?? "", expiresAt: invite.expiresAt } satisfies InviteInfo);
  })
  .post("/invites/:token/accept", zValidator("json", acceptInviteBody, validationHook), async (c) => {
    const invite = await openInvite(c.env.DB, c.req.param("token"));
    const { password, name } = c.req.valid("json");
    const d1 = drizzle(c.env.DB);
    if (await d1.select({ id: agents.id }).from(agents).where(eq(agents.email, invite.email)).get()) {
      throw apiError(409, "email_taken", "Someone already has an account with this email. Log in instead.");
    }
    const id = `ag_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const [marked] = await d1.batch([
      // Marking first makes a double submit create one account: the second finds the invite used.
      d1.update(invites).set({ acceptedAt: Date.now() }).where(and(eq(invites.tokenHash, invite.tokenHash), isNull(invites.acceptedAt))).returning({ at: invites.acceptedAt }),
    ]);
    if (!marked.length) throw apiError(404, "invite_not_found", "This invitation was already used.");
    // Teams deleted since the invitation was sent are skipped, not an error.
    const teamIds = invite.teamIds.length
      ? (await d1.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, invite.workspaceId), inArray(teams.id, invite.teamIds))).all()).map((t) => t.id)
      : [];
    await d1.batch([
      d1.insert(agents).values({ id, workspaceId: invite.workspaceId, email: invite.email, name: name ?? invite.name, role: invite.role, passwordHash: await hashPassword(password), createdAt: Date.now() }),
      ...teamIds.map((teamId) => d1.insert(teamMembers).values({ teamId, agentId: id })),
    ]);
    await rpcStub(c.env, "Workspace", invite.workspaceId).reloadConfig();
    setSessionCookie(c, await createSession(c.env.DB, { id, workspaceId: invite.workspaceId }));
    return c.json({ agent: { id, name: name ?? invite.name, email: invite.email, role: invite.role, workspaceId: invite.workspaceId } } satisfies SessionStarted, 201);
  })
  // Personal API tokens for scripts and integrations: shown once, scoped, always expiring, revocable; managed only
  // from a session (a token can never create tokens).
  .get("/tokens", requireActor, requireSession, async (c) => c.json({ items: await listApiTokens(c.env.DB, c.var.actor.agentId) } satisfies Items<ApiTokenEntry>))
  .post("/tokens", requireActor, requireSession, zValidator("json", tokenBody, validationHook), async (c) => {
    const { name, expiresInDays, scopes } = c.req.valid("json");
    const expiresAt = Date.now() + expiresInDays * 86_400_000;
    const token = await createApiToken(c.env.DB, { id: c.var.actor.agentId, workspaceId: c.var.actor.workspaceId }, name, expiresAt, scopes);
    const id = tokenId(await sha256Hex(token));
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "token.create", targetType: "api_token", targetId: id, detail: { name, scopes: [...new Set(scopes)], expiresAt } });
    return c.json({ id, name, token, expiresAt, scopes: [...new Set(scopes)] } satisfies ApiTokenCreated, 201);
  })
  .delete("/tokens/:id", requireActor, requireSession, async (c) => {
    if (!(await revokeApiToken(c.env.DB, c.var.actor.agentId, c.req.param("id")))) throw apiError(404, "not_found", "No such token.");
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "token.delete", targetType: "api_token", targetId: c.req.param("id") });
    return c.json({ ok: true } satisfies Ok);
  })
  .post("/logout", async (c) => {
    const token = sessionCookieOf(c.req.raw);
    if (token) await deleteSession(c.env.DB, token);
    clearSessionCookies(c);
    return c.json({ ok: true } satisfies Ok);
  })
  .get("/me", requireActor, async (c) => {
    const actor = c.var.actor;
    const d1 = drizzle(c.env.DB);
    const [agent, workspace] = await Promise.all([
      d1.select({ id: agents.id, name: agents.name, email: agents.email, role: agents.role }).from(agents).where(eq(agents.id, actor.agentId)).get(),
      d1.select().from(workspaces).where(eq(workspaces.id, actor.workspaceId)).get(),
    ]);
    return c.json({ agent: { ...agent!, workspaceId: actor.workspaceId }, workspace: workspace! } satisfies Me);
  });
