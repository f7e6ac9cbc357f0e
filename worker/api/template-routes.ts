// /api/templates: the approved WhatsApp templates agents may send when the 24-hour window is closed.
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { WhatsAppTemplate } from "../../shared/model";
import { requireActor } from "../auth/require-actor";
import { templates } from "../../shared/db-schema";
import type { AppEnv } from "../env";
import type { TemplateList } from "../../shared/api/conversations";

export const templateRoutes = new Hono<AppEnv>().use(requireActor).get("/", async (c) => {
  const channelId = c.req.query("channelId");
  const rows = await drizzle(c.env.DB)
    .select()
    .from(templates)
    .where(and(eq(templates.workspaceId, c.var.actor.workspaceId), channelId ? eq(templates.channelId, channelId) : undefined))
    .all();
  const items: WhatsAppTemplate[] = rows.map((t) => ({
    id: t.id,
    channelId: t.channelId,
    name: t.name,
    language: t.language,
    category: t.category,
    status: t.status,
    body: t.body,
    header: t.header,
    parameters: [
      ...(t.headerParams ? [{ component: "header" as const, count: t.headerParams }] : []),
      ...(t.bodyParams ? [{ component: "body" as const, count: t.bodyParams }] : []),
    ],
  }));
  return c.json({ items } satisfies TemplateList);
});
