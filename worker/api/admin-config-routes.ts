// /api/admin (configuration): teams, routing rules, tags, workspace canned replies, routing settings and
// channel policies. Admins manage everything; supervisors may manage tags and canned replies.
import { forgetChannels } from "../channels/channel-directory";
import { zValidator } from "@hono/zod-validator";
import { and, eq, isNull, max } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { z } from "zod";
import { forgetWorkspace } from "../auth/actor-cache";
import { recordAudit } from "../audit/audit-log";
import { refreshSockets } from "../auth/actor-facts";
import { requireActor, requireRole } from "../auth/require-actor";
import { agents, cannedReplies, channels, contactTags, conversationTags, routingRules, tags, teamMembers, teams, workspaces } from "../../shared/db-schema";
import type { AppEnv } from "../env";
import { apiError, errorResponse } from "../http-errors";
import { peopleIn, personIn, tagIn, tagsIn, teamIn } from "./lookups";
import { validationHook } from "./validation";
import { rpcStub } from "../../durable/stubs";
import { type RuleRecord, type SettingsResponse, channelBody, notEmpty, ruleBody, settingsBody, settingsFields } from "../../shared/api/admin";
import type { Items, Ok } from "../../shared/api/common";
import { type CannedReply, type TagEntry, type TeamEntry, cannedReplyBody, tagBody, teamBody } from "../../shared/api/directory";

const idOf = (prefix: string) => `${prefix}_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;

/** Tests may shorten timers below the product minimums; only in development. */
const devSettingsBody = settingsFields
  .extend({
    returnAfterSeconds: z.number().int().min(1).nullable().optional(),
    unattendedAfterSeconds: z.number().int().min(1).optional(),
    offlineGraceSeconds: z.number().int().min(1).optional(),
  })
  .refine(notEmpty, { message: "Nothing to change" });

const reload = (env: Env, workspaceId: string) => rpcStub(env, "Workspace", workspaceId).reloadConfig();

export const adminConfigRoutes = new Hono<AppEnv>()
  // ---- tags and workspace canned replies: admins and supervisors ----
  .post("/tags", requireActor, requireRole("admin", "supervisor"), zValidator("json", tagBody, validationHook), async (c) => {
    const id = idOf("tag");
    const body = c.req.valid("json");
    const d1 = drizzle(c.env.DB);
    if (await d1.select({ id: tags.id }).from(tags).where(and(eq(tags.workspaceId, c.var.actor.workspaceId), eq(tags.name, body.name))).get()) throw apiError(409, "tag_exists", "A tag with that name exists.");
    await d1.insert(tags).values({ id, workspaceId: c.var.actor.workspaceId, ...body, createdAt: Date.now() });
    return c.json({ id, ...body } satisfies TagEntry, 201);
  })
  .put("/tags/:id", requireActor, requireRole("admin", "supervisor"), zValidator("json", tagBody, validationHook), async (c) => {
    const tag = await tagIn(c.env.DB, c.var.actor, c.req.param("id"));
    const body = c.req.valid("json");
    const d1 = drizzle(c.env.DB);
    const clash = await d1.select({ id: tags.id }).from(tags).where(and(eq(tags.workspaceId, c.var.actor.workspaceId), eq(tags.name, body.name))).get();
    if (clash && clash.id !== tag.id) throw apiError(409, "tag_exists", "A tag with that name exists.");
    await d1.update(tags).set(body).where(eq(tags.id, tag.id));
    return c.json({ id: tag.id, ...body } satisfies TagEntry);
  })
  .delete("/tags/:id", requireActor, requireRole("admin", "supervisor"), async (c) => {
    const tag = await tagIn(c.env.DB, c.var.actor, c.req.param("id"));
    const d1 = drizzle(c.env.DB);
    const rules = await d1.select({ name: routingRules.name, conditions: routingRules.conditions, actions: routingRules.actions }).from(routingRules).where(eq(routingRules.workspaceId, c.var.actor.workspaceId)).all();
    const usedBy = rules.filter((r) => r.conditions.contactTagIds?.includes(tag.id) || r.actions.tagIds?.includes(tag.id)).map((r) => r.name);
    if (usedBy.length) throw apiError(409, "tag_in_use", `Routing rules use this tag: ${usedBy.join(", ")}. Change them first.`, { rules: usedBy });
    // Conversations keep the id in their own state; the inbox ignores ids of deleted tags.
    await d1.batch([
      d1.delete(tags).where(eq(tags.id, tag.id)),
      d1.delete(conversationTags).where(eq(conversationTags.tagId, tag.id)),
      d1.delete(contactTags).where(eq(contactTags.tagId, tag.id)),
    ]);
    return c.json({ ok: true } satisfies Ok);
  })
  .post("/canned-replies", requireActor, requireRole("admin", "supervisor"), zValidator("json", cannedReplyBody, validationHook), async (c) => {
    const id = idOf("cr");
    await drizzle(c.env.DB).insert(cannedReplies).values({ id, workspaceId: c.var.actor.workspaceId, agentId: null, ...c.req.valid("json"), createdAt: Date.now() });
    return c.json({ id, ...c.req.valid("json"), personal: false } satisfies CannedReply, 201);
  })
  .put("/canned-replies/:id", requireActor, requireRole("admin", "supervisor"), zValidator("json", cannedReplyBody, validationHook), async (c) => {
    const updated = await drizzle(c.env.DB)
      .update(cannedReplies)
      .set(c.req.valid("json"))
      .where(and(eq(cannedReplies.id, c.req.param("id")), eq(cannedReplies.workspaceId, c.var.actor.workspaceId), isNull(cannedReplies.agentId)))
      .returning({ id: cannedReplies.id });
    if (!updated.length) throw apiError(404, "not_found", "No such workspace canned reply.");
    return c.json({ id: c.req.param("id"), ...c.req.valid("json"), personal: false } satisfies CannedReply);
  })
  .delete("/canned-replies/:id", requireActor, requireRole("admin", "supervisor"), async (c) => {
    // Workspace-wide replies only: personal ones belong to their author.
    const deleted = await drizzle(c.env.DB).delete(cannedReplies).where(and(eq(cannedReplies.id, c.req.param("id")), eq(cannedReplies.workspaceId, c.var.actor.workspaceId), isNull(cannedReplies.agentId))).returning({ id: cannedReplies.id });
    if (!deleted.length) throw apiError(404, "not_found", "No such canned reply.");
    return c.json({ ok: true } satisfies Ok);
  })
  // ---- teams, rules, settings, channels: admins ----
  .post("/teams", requireActor, requireRole("admin"), zValidator("json", teamBody, validationHook), async (c) => {
    const { name, memberIds } = c.req.valid("json");
    await peopleIn(c.env.DB, c.var.actor, memberIds);
    const id = idOf("team");
    const d1 = drizzle(c.env.DB);
    if (await d1.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, c.var.actor.workspaceId), eq(teams.name, name))).get()) throw apiError(409, "team_exists", "A team with that name exists.");
    await d1.batch([d1.insert(teams).values({ id, workspaceId: c.var.actor.workspaceId, name, createdAt: Date.now() }), ...memberIds.map((agentId) => d1.insert(teamMembers).values({ teamId: id, agentId }))]);
    forgetWorkspace(c.var.actor.workspaceId); // members' teams changed
    await reload(c.env, c.var.actor.workspaceId);
    await refreshSockets(c.env, c.var.actor.workspaceId, memberIds);
    return c.json({ id, name, memberIds } satisfies TeamEntry, 201);
  })
  .put("/teams/:id", requireActor, requireRole("admin"), zValidator("json", teamBody, validationHook), async (c) => {
    const team = await teamIn(c.env.DB, c.var.actor, c.req.param("id"), true);
    const { name, memberIds } = c.req.valid("json");
    await peopleIn(c.env.DB, c.var.actor, memberIds);
    const d1 = drizzle(c.env.DB);
    const clash = await d1.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, c.var.actor.workspaceId), eq(teams.name, name))).get();
    if (clash && clash.id !== team.id) throw apiError(409, "team_exists", "A team with that name exists.");
    const before = await d1.select({ agentId: teamMembers.agentId }).from(teamMembers).where(eq(teamMembers.teamId, team.id)).all();
    await d1.batch([
      d1.update(teams).set({ name }).where(eq(teams.id, team.id)),
      d1.delete(teamMembers).where(eq(teamMembers.teamId, team.id)),
      ...memberIds.map((agentId) => d1.insert(teamMembers).values({ teamId: team.id, agentId })),
    ]);
    forgetWorkspace(c.var.actor.workspaceId); // members' teams changed
    await reload(c.env, c.var.actor.workspaceId);
    // Whoever left the team loses its conversations: their sockets on them close now.
    const changed = [...before.map((m) => m.agentId).filter((id) => !memberIds.includes(id)), ...memberIds.filter((id) => !before.some((m) => m.agentId === id))];
    await refreshSockets(c.env, c.var.actor.workspaceId, changed);
    return c.json({ id: team.id, name, memberIds } satisfies TeamEntry);
  })
  .delete("/teams/:id", requireActor, requireRole("admin"), async (c) => {
    const team = await teamIn(c.env.DB, c.var.actor, c.req.param("id"), true);
    const d1 = drizzle(c.env.DB);
    const [rules, defaults] = await Promise.all([
      d1.select({ name: routingRules.name, actions: routingRules.actions }).from(routingRules).where(eq(routingRules.workspaceId, c.var.actor.workspaceId)).all(),
      d1.select({ name: channels.name }).from(channels).where(eq(channels.defaultTeamId, team.id)).all(),
    ]);
    const ruleNames = rules.filter((r) => r.actions.teamId === team.id).map((r) => r.name);
    const channelNames = defaults.map((ch) => ch.name);
    const usedBy = [...ruleNames.map((n) => `rule "${n}"`), ...channelNames.map((n) => `channel "${n}"`)];
    if (usedBy.length) throw apiError(409, "team_in_use", `Still used by ${usedBy.join(", ")}. Change them first.`, { usedBy, rules: ruleNames, channels: channelNames });
    const members = await d1.select({ agentId: teamMembers.agentId }).from(teamMembers).where(eq(teamMembers.teamId, team.id)).all();
    await d1.batch([d1.delete(teamMembers).where(eq(teamMembers.teamId, team.id)), d1.delete(teams).where(eq(teams.id, team.id))]);
    forgetWorkspace(c.var.actor.workspaceId);
    await reload(c.env, c.var.actor.workspaceId);
    await refreshSockets(c.env, c.var.actor.workspaceId, members.map((m) => m.agentId));
    return c.json({ ok: true } satisfies Ok);
  })
  .get("/rules", requireActor, requireRole("admin", "supervisor"), async (c) => {
    const rows = await drizzle(c.env.DB).select().from(routingRules).where(eq(routingRules.workspaceId, c.var.actor.workspaceId)).all();
    return c.json({ items: rows.sort((a, b) => a.position - b.position) } satisfies Items<RuleRecord>);
  })
  .post("/rules", requireActor, requireRole("admin"), zValidator("json", ruleBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    await checkRuleReferences(c.env.DB, c.var.actor, body);
    const id = idOf("rule");
    // Without a position a new rule goes last.
    const last = await drizzle(c.env.DB).select({ max: max(routingRules.position) }).from(routingRules).where(eq(routingRules.workspaceId, c.var.actor.workspaceId)).get();
    const position = body.position ?? (last?.max ?? -1) + 1;
    await drizzle(c.env.DB).insert(routingRules).values({ id, workspaceId: c.var.actor.workspaceId, ...body, position, createdAt: Date.now() });
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "rule.create", targetType: "routing_rule", targetId: id, detail: { name: body.name } });
    await reload(c.env, c.var.actor.workspaceId);
    return c.json({ id, ...body, position } satisfies RuleRecord, 201);
  })
  .put("/rules/:id", requireActor, requireRole("admin"), zValidator("json", ruleBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    await checkRuleReferences(c.env.DB, c.var.actor, body);
    const updated = await drizzle(c.env.DB)
      .update(routingRules)
      .set({ ...body, ...(body.position === undefined ? {} : { position: body.position }) })
      .where(and(eq(routingRules.id, c.req.param("id")), eq(routingRules.workspaceId, c.var.actor.workspaceId)))
      .returning({ id: routingRules.id });
    if (!updated.length) throw apiError(404, "not_found", "No such rule.");
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "rule.update", targetType: "routing_rule", targetId: c.req.param("id"), detail: { name: body.name } });
    await reload(c.env, c.var.actor.workspaceId);
    const stored = await drizzle(c.env.DB).select().from(routingRules).where(eq(routingRules.id, c.req.param("id"))).get();
    return c.json(stored);
  })
  .delete("/rules/:id", requireActor, requireRole("admin"), async (c) => {
    const deleted = await drizzle(c.env.DB).delete(routingRules).where(and(eq(routingRules.id, c.req.param("id")), eq(routingRules.workspaceId, c.var.actor.workspaceId))).returning({ id: routingRules.id });
    if (!deleted.length) throw apiError(404, "not_found", "No such rule.");
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "rule.delete", targetType: "routing_rule", targetId: c.req.param("id") });
    await reload(c.env, c.var.actor.workspaceId);
    return c.json({ ok: true } satisfies Ok);
  })
  .get("/settings", requireActor, requireRole("admin", "supervisor"), async (c) => {
    const d1 = drizzle(c.env.DB);
    const [workspace, channelRows] = await Promise.all([
      d1.select().from(workspaces).where(eq(workspaces.id, c.var.actor.workspaceId)).get(),
      d1
        .select({
          id: channels.id, name: channels.name, displayNumber: channels.displayNumber, routingPolicy: channels.routingPolicy, defaultTeamId: channels.defaultTeamId,
          botMode: channels.botMode, handoffMessage: channels.botHandoffMessage, greeting: channels.botGreeting, dailyReplyLimit: channels.botDailyReplyLimit,
          csatEnabled: channels.csatEnabled, csatQuestion: channels.csatQuestion, csatLabels: channels.csatLabels, csatThanks: channels.csatThanks,
        })
        .from(channels)
        .where(eq(channels.workspaceId, c.var.actor.workspaceId))
        .all(),
    ]);
    return c.json({ workspace: workspace!, channels: channelRows } satisfies SettingsResponse);
  })
  .patch("/settings", requireActor, requireRole("admin"), async (c) => {
    const schema = c.env.ENVIRONMENT === "development" ? devSettingsBody : settingsBody;
    const raw = await c.req.json().catch(() => undefined);
    if (raw === undefined) return errorResponse(400, "invalid_json", "The body is not valid JSON.");
    const parsed = schema.safeParse(raw);
    const invalid = validationHook(parsed.success ? { success: true } : { success: false, error: parsed.error }, c);
    if (invalid || !parsed.success) return invalid!;
    if (parsed.data.requireTwoFactor) {
      // Turned on by someone without it, it would end their own session at once (sessions.ts refuses it).
      const self = await drizzle(c.env.DB).select({ enabledAt: agents.totpEnabledAt }).from(agents).where(eq(agents.id, c.var.actor.agentId)).get();
      if (!self?.enabledAt) return errorResponse(422, "enable_two_factor_first", "Turn on two-step verification for your own account first.");
    }
    await drizzle(c.env.DB).update(workspaces).set(parsed.data).where(eq(workspaces.id, c.var.actor.workspaceId));
    // Field names and values: workspace settings hold no customer data (opt-out keywords are the business's words).
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "settings.update", targetType: "workspace", targetId: c.var.actor.workspaceId, detail: { changed: parsed.data } });
    forgetWorkspace(c.var.actor.workspaceId);
    if (parsed.data.requireTwoFactor !== undefined) {
      await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "settings.require_two_factor", targetType: "workspace", targetId: c.var.actor.workspaceId, detail: { requireTwoFactor: parsed.data.requireTwoFactor } });
    }
    // Hours and opt-out keywords travel with each delivery from the channel directory: this isolate sees them at once.
    forgetChannels();
    await reload(c.env, c.var.actor.workspaceId);
    // Agents stop seeing everything: their sockets on conversations they no longer see close now.
    if (parsed.data.agentsSeeAll === false) await refreshSockets(c.env, c.var.actor.workspaceId, "all");
    return c.json({ ok: true } satisfies Ok);
  })
  .patch("/channels/:id", requireActor, requireRole("admin"), zValidator("json", channelBody, validationHook), async (c) => {
    const { handoffMessage, greeting, dailyReplyLimit, ...body } = c.req.valid("json");
    if (body.defaultTeamId) await teamIn(c.env.DB, c.var.actor, body.defaultTeamId);
    const updated = await drizzle(c.env.DB)
      .update(channels)
      .set({
        ...body,
        ...(handoffMessage === undefined ? {} : { botHandoffMessage: handoffMessage }),
        ...(greeting === undefined ? {} : { botGreeting: greeting }),
        ...(dailyReplyLimit === undefined ? {} : { botDailyReplyLimit: dailyReplyLimit }),
      })
      .where(and(eq(channels.id, c.req.param("id")), eq(channels.workspaceId, c.var.actor.workspaceId)))
      .returning({ id: channels.id });
    if (!updated.length) throw apiError(404, "not_found", "No such channel.");
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "channel.update", targetType: "channel", targetId: c.req.param("id"), detail: { fields: Object.keys(c.req.valid("json")) } });
    // This isolate's webhooks see the new bot settings at once (others within the directory's minute).
    forgetChannels();
    await reload(c.env, c.var.actor.workspaceId);
    return c.json({ ok: true } satisfies Ok);
  });

async function checkRuleReferences(db: D1Database, actor: Parameters<typeof teamIn>[1], body: z.infer<typeof ruleBody>): Promise<void> {
  if (body.actions.teamId) await teamIn(db, actor, body.actions.teamId);
  if (body.actions.assigneeId) await personIn(db, actor, body.actions.assigneeId);
  if (body.actions.tagIds) await tagsIn(db, actor, body.actions.tagIds);
  if (body.conditions.contactTagIds) await tagsIn(db, actor, body.conditions.contactTagIds);
}
