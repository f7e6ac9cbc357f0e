// /api/auth/reset/:token: the single-use link an admin issued (POST /api/admin/agents/:id/reset-link). Opening it
// names the person; using it sets a new password, ends all their sessions and spends the link. Like invitations, the
// token travels only in the link: D1 keeps its SHA-256.
import { zValidator } from "@hono/zod-validator";
import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { type ResetLinkInfo, type SessionsEnded, resetPasswordBody } from "../../shared/api/auth";
import { agents, passwordResets } from "../../shared/db-schema";
import { recordAudit } from "../audit/audit-log";
import { forgetAgent } from "../auth/actor-cache";
import { hashPassword } from "../auth/password";
import { endSessions, sha256Hex } from "../auth/sessions";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { validationHook } from "./validation";

async function openResetLink(db: D1Database, token: string) {
  const d1 = drizzle(db);
  const link = await d1.select().from(passwordResets).where(eq(passwordResets.tokenHash, await sha256Hex(token))).get();
  if (!link || link.usedAt !== null) throw apiError(404, "reset_not_found", "This link does not exist or was already used. Ask your admin for a new one.");
  if (link.expiresAt < Date.now()) throw apiError(410, "reset_expired", "This link has expired. Ask your admin for a new one.");
  const agent = await d1.select().from(agents).where(and(eq(agents.id, link.agentId), eq(agents.workspaceId, link.workspaceId))).get();
  if (!agent || !agent.active) throw apiError(404, "reset_not_found", "This link does not exist or was already used. Ask your admin for a new one.");
  return { link, agent };
}

export const passwordResetRoutes = new Hono<AppEnv>()
  .get("/reset/:token", async (c) => {
    const { agent } = await openResetLink(c.env.DB, c.req.param("token"));
    return c.json({ email: agent.email, name: agent.name } satisfies ResetLinkInfo);
  })
  .post("/reset/:token", zValidator("json", resetPasswordBody, validationHook), async (c) => {
    const { link, agent } = await openResetLink(c.env.DB, c.req.param("token"));
    const d1 = drizzle(c.env.DB);
    // Spent first, conditionally: two submits of one link set the password once.
    const spent = await d1
      .update(passwordResets)
      .set({ usedAt: Date.now() })
      .where(and(eq(passwordResets.tokenHash, link.tokenHash), isNull(passwordResets.usedAt)))
      .returning({ at: passwordResets.usedAt });
    if (!spent.length) throw apiError(404, "reset_not_found", "This link was already used.");
    await d1.update(agents).set({ passwordHash: await hashPassword(c.req.valid("json").password) }).where(eq(agents.id, agent.id));
    const endedSessions = await endSessions(c.env.DB, agent.id, null);
    forgetAgent(agent.id);
    await recordAudit(c.env.DB, { workspaceId: agent.workspaceId, agentId: agent.id, name: agent.name }, agent.workspaceId, { action: "password_reset.used", targetType: "agent", targetId: agent.id, detail: { endedSessions } });
    // No session is started: the person logs in with the new password (and their second step, if any).
    return c.json({ ok: true, endedSessions } satisfies SessionsEnded);
  });
