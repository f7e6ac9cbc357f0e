// /api/campaigns: broadcasts of an approved template (supervisors and admins; agents 403). The Worker checks the
// number, template, values and tags, writes the D1 row that lists the campaign, and hands the rest to the
// campaign's own object (durable/campaign/campaign.ts), which resolves the audience and sends.
import { tokenRefOf } from "../../durable/channel-token";
import { channelDisabled } from "../channels/sending-allowed";
import { zValidator } from "@hono/zod-validator";
import { and, desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { CAMPAIGN_ACTIONS } from "../../shared/campaign-status";
import { malformedParams } from "../../shared/campaign-values";
import { rpcStub } from "../../durable/stubs";
import { type Campaign, type CampaignCounts, type CampaignList, type CampaignStatus, campaignBody, recipientsQuery } from "../../shared/api/campaigns";
import { campaigns, channels } from "../../shared/db-schema";
import { requireActor, requireRole } from "../auth/require-actor";
import type { AppEnv } from "../env";
import { apiError, unwrap } from "../http-errors";
import { approvedTemplate } from "./approved-template";
import { tagsIn } from "./lookups";
import { validationHook } from "./validation";

const EMPTY_COUNTS: CampaignCounts = { total: 0, queued: 0, sent: 0, delivered: 0, read: 0, failed: 0, skipped: 0, replied: 0 };

/** The campaign's object, once D1 says it belongs to the caller's workspace. */
async function campaignOf(db: D1Database, env: Env, workspaceId: string, id: string) {
  const row = await drizzle(db).select({ id: campaigns.id }).from(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.workspaceId, workspaceId))).get();
  if (!row) throw apiError(404, "not_found", "Campaign not found.");
  return rpcStub(env, "Campaign", row.id);
}

/** A listed campaign from its D1 row (counts as the object last reported them). */
function fromRow(r: typeof campaigns.$inferSelect): Campaign {
  const definition = r.definition as Pick<Campaign, "template" | "audience">;
  const { reached: _r, ...counts } = { ...EMPTY_COUNTS, ...(r.counts as Partial<CampaignCounts> & { reached?: number }) };
  return {
    id: r.id, name: r.name, channelId: r.channelId, template: definition.template, audience: definition.audience, status: r.status as CampaignStatus,
    counts, waiting: null, scheduledAt: r.scheduledAt, startedAt: r.startedAt, finishedAt: r.finishedAt, createdBy: r.createdBy, createdAt: r.createdAt,
  };
}

export const campaignRoutes = new Hono<AppEnv>()
  .use(requireActor, requireRole("admin", "supervisor"))
  .post("/", zValidator("json", campaignBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    const actor = c.var.actor;
    const channel = await drizzle(c.env.DB).select().from(channels).where(and(eq(channels.id, body.channelId), eq(channels.workspaceId, actor.workspaceId))).get();
    if (!channel) throw apiError(404, "not_found", "No such WhatsApp number in this workspace.");
    if (!channel.enabled) throw channelDisabled();
    // Checked with placeholders standing in for each contact's values: approved, and one value per {{n}}.
    const template = await approvedTemplate(c.env.DB, channel.id, { name: body.template.name, language: body.template.language, params: body.template.params, headerParams: [] });
    const malformed = malformedParams(body.template.params);
    if (malformed.length) throw apiError(422, "template_params", `Write contact fields as {{contact.name}}, {{contact.phone}} or {{contact.<attribute>}}, with an optional |fallback: ${malformed.join(", ")}`);
    await tagsIn(c.env.DB, actor, body.audience.tagIds);
    if (body.scheduledAt !== undefined && body.scheduledAt < Date.now() - 60_000) throw apiError(422, "scheduled_in_past", "Schedule the campaign for a time that has not passed.");

    const id = `cmp_${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;
    const now = Date.now();
    const status: CampaignStatus = body.scheduledAt !== undefined ? "scheduled" : "draft";
    const campaign: Campaign = {
      id, name: body.name, channelId: channel.id, template: { ...body.template, category: template.category }, audience: body.audience, status, counts: EMPTY_COUNTS, waiting: null,
      scheduledAt: body.scheduledAt ?? null, startedAt: null, finishedAt: null, createdBy: actor.agentId, createdAt: now,
    };
    await drizzle(c.env.DB).insert(campaigns).values({
      id, workspaceId: actor.workspaceId, channelId: channel.id, name: body.name, templateName: template.name, templateLanguage: template.language, status,
      definition: { template: campaign.template, audience: campaign.audience }, counts: { ...EMPTY_COUNTS }, scheduledAt: campaign.scheduledAt, createdBy: actor.agentId, createdAt: now,
    });
    const created = await rpcStub(c.env, "Campaign", id).setup({
      campaign,
      workspaceId: actor.workspaceId,
      channel: { id: channel.id, phoneNumberId: channel.phoneNumberId, tokenRef: tokenRefOf(channel), throughputMps: channel.throughputMps, messagingLimit: channel.messagingLimit },
      templateBody: template.body,
      ...(template.headerMedia ? { headerMedia: template.headerMedia } : {}),
    });
    return c.json(created, 201);
  })
  .get("/", async (c) => {
    const rows = await drizzle(c.env.DB).select().from(campaigns).where(eq(campaigns.workspaceId, c.var.actor.workspaceId)).orderBy(desc(campaigns.createdAt)).limit(200).all();
    return c.json({ items: rows.map(fromRow) } satisfies CampaignList);
  })
  .get("/:id", async (c) => c.json(unwrap(await (await campaignOf(c.env.DB, c.env, c.var.actor.workspaceId, c.req.param("id"))).view()) satisfies Campaign))
  .get("/:id/recipients", zValidator("query", recipientsQuery, validationHook), async (c) => {
    const q = c.req.valid("query");
    const stub = await campaignOf(c.env.DB, c.env, c.var.actor.workspaceId, c.req.param("id"));
    return c.json(unwrap(await stub.recipients({ state: q.state, replied: q.replied === "true", after: q.after, limit: q.limit })));
  })
  .post("/:id/:action{start|pause|resume|cancel}", async (c) => {
    const action = CAMPAIGN_ACTIONS.find((a) => a === c.req.param("action"))!;
    const stub = await campaignOf(c.env.DB, c.env, c.var.actor.workspaceId, c.req.param("id"));
    return c.json(unwrap(await stub.act(action)) satisfies Campaign);
  });
