// What every member of a workspace may read: people (with live presence), teams, tags, canned replies
// (workspace-wide and their own), and their own canned replies to write, edit and delete.
import { zValidator } from "@hono/zod-validator";
import { and, eq, isNull, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { requireActor } from "../auth/require-actor";
import { agents, cannedReplies, channels, tags, teamMembers, teams } from "../../shared/db-schema";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { validationHook } from "./validation";
import { rpcStub } from "../../durable/stubs";
import type { Items, Ok } from "../../shared/api/common";
import { type AgentEntry, type CannedReply, type ChannelEntry, type TagEntry, type TeamEntry, cannedReplyBody } from "../../shared/api/directory";

// Mounted at /api itself, so authentication is per route (a bare `.use` would also guard /api/auth/login).
export const directoryRoutes = new Hono<AppEnv>()
  .get("/agents", requireActor, async (c) => {
    const d1 = drizzle(c.env.DB);
    const [people, memberships, presence] = await Promise.all([
      d1.select({ id: agents.id, name: agents.name, email: agents.email, role: agents.role, capacity: agents.capacity, active: agents.active }).from(agents).where(eq(agents.workspaceId, c.var.actor.workspaceId)).all(),
      d1.select({ teamId: teamMembers.teamId, agentId: teamMembers.agentId }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).where(eq(teams.workspaceId, c.var.actor.workspaceId)).all(),
      rpcStub(c.env, "Workspace", c.var.actor.workspaceId).presence(),
    ]);
    const live = new Map(presence.map((p) => [p.agentId, p]));
    return c.json({
      items: people.map((p) => ({
        ...p,
        teamIds: memberships.filter((m) => m.agentId === p.id).map((m) => m.teamId),
        presence: live.get(p.id)?.state ?? "offline",
        /** Open conversations this person owns right now. */
        openCount: live.get(p.id)?.openCount ?? 0,
      })),
    } satisfies Items<AgentEntry>);
  })
  .get("/teams", requireActor, async (c) => {
    const d1 = drizzle(c.env.DB);
    const [rows, memberships] = await Promise.all([
      d1.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.workspaceId, c.var.actor.workspaceId)).all(),
      d1.select({ teamId: teamMembers.teamId, agentId: teamMembers.agentId }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).where(eq(teams.workspaceId, c.var.actor.workspaceId)).all(),
    ]);
    return c.json({ items: rows.map((t) => ({ ...t, memberIds: memberships.filter((m) => m.teamId === t.id).map((m) => m.agentId) })) } satisfies Items<TeamEntry>);
  })
  .get("/channels", requireActor, async (c) => {
    const rows = await drizzle(c.env.DB).select({ id: channels.id, name: channels.name, displayNumber: channels.displayNumber }).from(channels).where(eq(channels.workspaceId, c.var.actor.workspaceId)).all();
    return c.json({ items: rows } satisfies Items<ChannelEntry>);
  })
  .get("/tags", requireActor, async (c) => {
    const rows = await drizzle(c.env.DB).select({ id: tags.id, name: tags.name, color: tags.color }).from(tags).where(eq(tags.workspaceId, c.var.actor.workspaceId)).all();
    return c.json({ items: rows } satisfies Items<TagEntry>);
  })
  .get("/canned-replies", requireActor, async (c) => {
    const rows = await drizzle(c.env.DB)
      .select({ id: cannedReplies.id, shortcut: cannedReplies.shortcut, title: cannedReplies.title, body: cannedReplies.body, agentId: cannedReplies.agentId })
      .from(cannedReplies)
      .where(and(eq(cannedReplies.workspaceId, c.var.actor.workspaceId), or(isNull(cannedReplies.agentId), eq(cannedReplies.agentId, c.var.actor.agentId))))
      .all();
    return c.json({ items: rows.map((r) => ({ ...r, personal: r.agentId !== null })) } satisfies Items<CannedReply>);
  })
  .post("/canned-replies/personal", requireActor, zValidator("json", cannedReplyBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    const id = `cr_${crypto.randomUUID()}`;
    await drizzle(c.env.DB).insert(cannedReplies).values({ id, workspaceId: c.var.actor.workspaceId, agentId: c.var.actor.agentId, ...body, createdAt: Date.now() });
    return c.json({ id, ...body, personal: true } satisfies CannedReply, 201);
  })
  .put("/canned-replies/personal/:id", requireActor, zValidator("json", cannedReplyBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    // Only the author's own: a workspace-wide reply or a colleague's never matches.
    const updated = await drizzle(c.env.DB)
      .update(cannedReplies)
      .set(body)
      .where(and(eq(cannedReplies.id, c.req.param("id")), eq(cannedReplies.workspaceId, c.var.actor.workspaceId), eq(cannedReplies.agentId, c.var.actor.agentId)))
      .returning({ id: cannedReplies.id });
    if (!updated.length) throw apiError(404, "not_found", "No such personal canned reply.");
    return c.json({ id: c.req.param("id"), ...body, personal: true } satisfies CannedReply);
  })
  .delete("/canned-replies/personal/:id", requireActor, async (c) => {
    const deleted = await drizzle(c.env.DB)
      .delete(cannedReplies)
      .where(and(eq(cannedReplies.id, c.req.param("id")), eq(cannedReplies.agentId, c.var.actor.agentId)))
      .returning({ id: cannedReplies.id });
    if (!deleted.length) throw apiError(404, "not_found", "No such personal canned reply.");
    return c.json({ ok: true } satisfies Ok);
  });
