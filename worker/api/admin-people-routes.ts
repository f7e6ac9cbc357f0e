// /api/admin (people): invite with an expiring link, change role / capacity / teams, deactivate (sessions end,
// conversations are rerouted). Admins only.
import { zValidator } from "@hono/zod-validator";
import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { requireActor, requireRole } from "../auth/require-actor";
import { forgetAgent } from "../auth/actor-cache";
import { refreshSockets } from "../auth/actor-facts";
import { endSessions, sha256Hex } from "../auth/sessions";
import { clearTwoFactor } from "../auth/two-factor";
import { recordAudit } from "../audit/audit-log";
import type { ResetLinkCreated, SessionsEnded } from "../../shared/api/auth";
import { agents, apiTokens, invites, passwordResets, sessions, teamMembers } from "../../shared/db-schema";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { teamIn } from "./lookups";
import { validationHook } from "./validation";
import { rpcStub } from "../../durable/stubs";
import { type InviteCreated, agentPatchBody, inviteBody } from "../../shared/api/admin";
import type { Ok } from "../../shared/api/common";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_LINK_TTL_MS = 24 * 60 * 60 * 1000;
function inviteToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function agentOfWorkspace(db: D1Database, workspaceId: string, id: string) {
  const agent = await drizzle(db).select().from(agents).where(and(eq(agents.id, id), eq(agents.workspaceId, workspaceId))).get();
  if (!agent) throw apiError(404, "not_found", "No such person in this workspace.");
  return agent;
}

// Shares the /api/admin prefix with the configuration routes, so the admin check is per route (a bare `.use`
// here would also lock supervisors out of tags and canned replies).
const adminOnly = [requireActor, requireRole("admin")] as const;

export const adminPeopleRoutes = new Hono<AppEnv>()
  .post("/invites", ...adminOnly, zValidator("json", inviteBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    const d1 = drizzle(c.env.DB);
    const existing = await d1.select({ workspaceId: agents.workspaceId }).from(agents).where(eq(agents.email, body.email)).get();
    // Only this workspace's own people are named: for an account in another workspace the answer is the same as for
    // a new email (the link then cannot be accepted), so an admin cannot probe who uses Colmena elsewhere.
    if (existing?.workspaceId === c.var.actor.workspaceId) throw apiError(409, "email_taken", "Someone in this workspace already has that email.");
    for (const teamId of body.teamIds) await teamIn(c.env.DB, c.var.actor, teamId);
    const token = inviteToken();
    const expiresAt = Date.now() + INVITE_TTL_MS;
    // Inviting the same email again replaces the earlier, unused link.
    await d1.delete(invites).where(and(eq(invites.workspaceId, c.var.actor.workspaceId), eq(invites.email, body.email), isNull(invites.acceptedAt)));
    await d1.insert(invites).values({ tokenHash: await sha256Hex(token), workspaceId: c.var.actor.workspaceId, ...body, createdBy: c.var.actor.agentId, createdAt: Date.now(), expiresAt });
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "person.invite", targetType: "invite", detail: { name: body.name, role: body.role, teamIds: body.teamIds } });
    return c.json({ url: `${new URL(c.req.url).origin}/invite/${token}`, token, expiresAt } satisfies InviteCreated, 201);
  })
  .patch("/agents/:id", ...adminOnly, zValidator("json", agentPatchBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    const agent = await agentOfWorkspace(c.env.DB, c.var.actor.workspaceId, c.req.param("id"));
    if (agent.id === c.var.actor.agentId && body.role && body.role !== "admin") throw apiError(422, "last_admin", "You cannot remove your own admin role.");
    const d1 = drizzle(c.env.DB);
    const { teamIds, ...fields } = body;
    if (teamIds) for (const teamId of teamIds) await teamIn(c.env.DB, c.var.actor, teamId);
    await d1.batch([
      d1.update(agents).set(Object.keys(fields).length ? fields : { name: agent.name }).where(eq(agents.id, agent.id)),
      ...(teamIds ? [d1.delete(teamMembers).where(eq(teamMembers.agentId, agent.id)), ...teamIds.map((teamId) => d1.insert(teamMembers).values({ teamId, agentId: agent.id }))] : []),
    ]);
    forgetAgent(agent.id);
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, {
      action: body.role && body.role !== agent.role ? "person.role" : "person.update",
      targetType: "agent",
      targetId: agent.id,
      detail: { fields: Object.keys(body), ...(body.role && body.role !== agent.role ? { from: agent.role, to: body.role } : {}) },
    });
    await rpcStub(c.env, "Workspace", c.var.actor.workspaceId).reloadConfig();
    // A new role or other teams: their sockets on conversations they can no longer see close now.
    if (teamIds || (fields.role && fields.role !== agent.role)) await refreshSockets(c.env, c.var.actor.workspaceId, [agent.id]);
    return c.json({ ok: true } satisfies Ok);
  })
  .post("/agents/:id/deactivate", ...adminOnly, async (c) => {
    const agent = await agentOfWorkspace(c.env.DB, c.var.actor.workspaceId, c.req.param("id"));
    if (agent.id === c.var.actor.agentId) throw apiError(422, "self", "You cannot deactivate yourself.");
    const d1 = drizzle(c.env.DB);
    await d1.batch([
      d1.update(agents).set({ active: false }).where(eq(agents.id, agent.id)),
      d1.delete(sessions).where(eq(sessions.agentId, agent.id)),
      d1.delete(apiTokens).where(eq(apiTokens.agentId, agent.id)),
    ]);
    forgetAgent(agent.id);
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "person.deactivate", targetType: "agent", targetId: agent.id });
    await rpcStub(c.env, "Workspace", c.var.actor.workspaceId).agentDeactivated(agent.id);
    return c.json({ ok: true } satisfies Ok);
  })
  // A single-use link to set a new password (someone forgot theirs): 24 h, only its SHA-256 stored, a new one voids
  // the older ones. The admin hands it over themselves (nothing is emailed).
  .post("/agents/:id/reset-link", ...adminOnly, async (c) => {
    const agent = await agentOfWorkspace(c.env.DB, c.var.actor.workspaceId, c.req.param("id"));
    if (!agent.active) throw apiError(422, "inactive", "This person is deactivated. Reactivate them first.");
    const token = inviteToken();
    const now = Date.now();
    const expiresAt = now + RESET_LINK_TTL_MS;
    const d1 = drizzle(c.env.DB);
    await d1.batch([
      d1.delete(passwordResets).where(and(eq(passwordResets.agentId, agent.id), isNull(passwordResets.usedAt))),
      d1.insert(passwordResets).values({ tokenHash: await sha256Hex(token), agentId: agent.id, workspaceId: agent.workspaceId, createdBy: c.var.actor.agentId, createdAt: now, expiresAt }),
    ]);
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "password_reset.link_created", targetType: "agent", targetId: agent.id, detail: { expiresAt } });
    return c.json({ url: `${new URL(c.req.url).origin}/reset/${token}`, expiresAt } satisfies ResetLinkCreated, 201);
  })
  // Lost phone: two-step verification off for this person, their sessions ended; they set it up again (at their next
  // login when the workspace requires it).
  .post("/agents/:id/reset-2fa", ...adminOnly, async (c) => {
    const agent = await agentOfWorkspace(c.env.DB, c.var.actor.workspaceId, c.req.param("id"));
    const wasEnabled = agent.totpEnabledAt !== null;
    await clearTwoFactor(c.env.DB, agent.id);
    const endedSessions = agent.id === c.var.actor.agentId ? 0 : await endSessions(c.env.DB, agent.id, null);
    forgetAgent(agent.id);
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "two_factor.reset", targetType: "agent", targetId: agent.id, detail: { wasEnabled, endedSessions } });
    return c.json({ ok: true, endedSessions } satisfies SessionsEnded);
  })
  .post("/agents/:id/reactivate", ...adminOnly, async (c) => {
    const agent = await agentOfWorkspace(c.env.DB, c.var.actor.workspaceId, c.req.param("id"));
    await drizzle(c.env.DB).update(agents).set({ active: true }).where(eq(agents.id, agent.id));
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "person.reactivate", targetType: "agent", targetId: agent.id });
    await rpcStub(c.env, "Workspace", c.var.actor.workspaceId).reloadConfig();
    return c.json({ ok: true } satisfies Ok);
  });
