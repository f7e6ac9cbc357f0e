// /api/admin/sla-policies: list (supervisors and admins), create, replace and delete (admins). Conversations pick up
// a change with their customer's next message (the policies travel with each delivery, like the bot's settings).
import { and, asc, eq, max } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { type Context, Hono } from "hono";
import type { Items, Ok } from "../../shared/api/common";
import { devSlaPolicyBody, type SlaPolicyRecord, slaPolicyBody } from "../../shared/api/sla";
import { slaPolicies } from "../../shared/db-schema";
import { requireActor, requireRole } from "../auth/require-actor";
import { forgetChannels } from "../channels/channel-directory";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { tagIn } from "./lookups";
import { recordAudit } from "../audit/audit-log";

const toRecord = ({ workspaceId: _w, createdAt: _c, ...p }: typeof slaPolicies.$inferSelect): SlaPolicyRecord => p;

/** The policy in the body, or the 400 that says what is wrong with it. */
async function policyOf(c: Context<AppEnv>) {
  const raw = await c.req.json().catch(() => undefined);
  if (raw === undefined) throw apiError(400, "invalid_json", "The body is not valid JSON.");
  const parsed = (c.env.ENVIRONMENT === "development" ? devSlaPolicyBody : slaPolicyBody).safeParse(raw);
  if (!parsed.success) throw apiError(400, "invalid_request", parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; "));
  if (parsed.data.tagId) await tagIn(c.env.DB, c.var.actor, parsed.data.tagId);
  return parsed.data;
}

export const slaRoutes = new Hono<AppEnv>()
  .get("/sla-policies", requireActor, requireRole("admin", "supervisor"), async (c) => {
    const rows = await drizzle(c.env.DB).select().from(slaPolicies).where(eq(slaPolicies.workspaceId, c.var.actor.workspaceId)).orderBy(asc(slaPolicies.position)).all();
    return c.json({ items: rows.map(toRecord) } satisfies Items<SlaPolicyRecord>);
  })
  .post("/sla-policies", requireActor, requireRole("admin"), async (c) => {
    const body = await policyOf(c);
    const d1 = drizzle(c.env.DB);
    const last = await d1.select({ max: max(slaPolicies.position) }).from(slaPolicies).where(eq(slaPolicies.workspaceId, c.var.actor.workspaceId)).get();
    const id = `sla_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const position = body.position ?? (last?.max ?? -1) + 1;
    await d1.insert(slaPolicies).values({ id, workspaceId: c.var.actor.workspaceId, ...body, position, createdAt: Date.now() });
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "sla.create", targetType: "sla_policy", targetId: id, detail: { name: body.name } });
    forgetChannels();
    return c.json({ id, ...body, position } satisfies SlaPolicyRecord, 201);
  })
  .put("/sla-policies/:id", requireActor, requireRole("admin"), async (c) => {
    const body = await policyOf(c);
    const updated = await drizzle(c.env.DB)
      .update(slaPolicies)
      .set(body)
      .where(and(eq(slaPolicies.id, c.req.param("id")), eq(slaPolicies.workspaceId, c.var.actor.workspaceId)))
      .returning();
    if (!updated.length) throw apiError(404, "not_found", "No such SLA policy.");
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "sla.update", targetType: "sla_policy", targetId: c.req.param("id"), detail: { name: body.name } });
    forgetChannels();
    return c.json(toRecord(updated[0]!));
  })
  .delete("/sla-policies/:id", requireActor, requireRole("admin"), async (c) => {
    const deleted = await drizzle(c.env.DB)
      .delete(slaPolicies)
      .where(and(eq(slaPolicies.id, c.req.param("id")), eq(slaPolicies.workspaceId, c.var.actor.workspaceId)))
      .returning({ id: slaPolicies.id });
    if (!deleted.length) throw apiError(404, "not_found", "No such SLA policy.");
    await recordAudit(c.env.DB, c.var.actor, c.var.actor.workspaceId, { action: "sla.delete", targetType: "sla_policy", targetId: c.req.param("id") });
    forgetChannels();
    return c.json({ ok: true } satisfies Ok);
  });
