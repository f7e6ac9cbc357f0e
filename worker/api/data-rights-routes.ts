// /api/admin: a customer's data rights (export everything, erase everything) and the admins' audit log
// (append-only: these routes only read it; nothing in the API updates or deletes a row). Admins only.
import { zValidator } from "@hono/zod-validator";
import { and, desc, eq, gte, lt, lte, or, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { auditLog } from "../../shared/db-schema";
import { type AuditLogEntry, type AuditPage, auditQuery, type ErasureReceipt } from "../../shared/api/data-rights";
import { recordAudit } from "../audit/audit-log";
import { requireActor, requireRole } from "../auth/require-actor";
import { contactArchive } from "../data-rights/contact-export";
import { eraseContact } from "../data-rights/contact-erase";
import { contactScope } from "../data-rights/contact-scope";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { csvField } from "../reports/export-csv";
import { validationHook } from "./validation";

const CSV_PAGE = 500;

type Filters = { action?: string; actorId?: string; from?: number; to?: number };

function auditWhere(workspaceId: string, f: Filters, after: { at: number; id: string } | null): SQL | undefined {
  return and(
    eq(auditLog.workspaceId, workspaceId),
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.from !== undefined ? gte(auditLog.at, f.from) : undefined,
    f.to !== undefined ? lte(auditLog.at, f.to) : undefined,
    after ? or(lt(auditLog.at, after.at), and(eq(auditLog.at, after.at), lt(auditLog.id, after.id))) : undefined,
  );
}

const encodeCursor = (e: { at: number; id: string }) => `${e.at}_${e.id}`;
function decodeCursor(cursor: string | undefined): { at: number; id: string } | null {
  if (!cursor) return null;
  const m = /^(\d+)_(au_[0-9a-f]+)$/.exec(cursor);
  if (!m) throw apiError(400, "invalid_cursor", "The cursor is not one this API returned.");
  return { at: Number(m[1]), id: m[2]! };
}

async function auditRows(db: D1Database, workspaceId: string, f: Filters, after: { at: number; id: string } | null, limit: number): Promise<AuditLogEntry[]> {
  return drizzle(db)
    .select({ id: auditLog.id, actorId: auditLog.actorId, actorName: auditLog.actorName, action: auditLog.action, targetType: auditLog.targetType, targetId: auditLog.targetId, detail: auditLog.detail, at: auditLog.at })
    .from(auditLog)
    .where(auditWhere(workspaceId, f, after))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .all();
}

export const dataRightsRoutes = new Hono<AppEnv>()
  .get("/contacts/:id/export", requireActor, requireRole("admin"), async (c) => {
    const { workspaceId } = c.var.actor;
    const scope = await contactScope(c.env.DB, workspaceId, c.req.param("id"));
    // Recorded before the first byte leaves: an export that is started counts, whether or not it is saved.
    await recordAudit(c.env.DB, c.var.actor, workspaceId, {
      action: "contact.export",
      targetType: "contact",
      targetId: scope.contact.id,
      detail: { conversations: scope.conversationIds.length, mergedDuplicates: scope.duplicates.length },
    });
    return new Response(contactArchive(c.env, workspaceId, scope), {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="contact-${scope.contact.id}.zip"`,
        "cache-control": "no-store",
      },
    });
  })
  .post("/contacts/:id/erase", requireActor, requireRole("admin"), async (c) => {
    const { workspaceId } = c.var.actor;
    const scope = await contactScope(c.env.DB, workspaceId, c.req.param("id"));
    const receipt = await eraseContact(c.env, workspaceId, scope);
    const { contactId: _id, erasedAt: _at, ...counts } = receipt;
    await recordAudit(c.env.DB, c.var.actor, workspaceId, {
      action: "contact.erase",
      targetType: "contact",
      targetId: scope.contact.id,
      detail: { ...counts, contactIds: scope.contactIds, conversationIds: scope.conversationIds },
    });
    return c.json({ receipt } satisfies { receipt: ErasureReceipt });
  })
  .get("/audit", requireActor, requireRole("admin"), zValidator("query", auditQuery, validationHook), async (c) => {
    const { cursor, limit, ...filters } = c.req.valid("query");
    const rows = await auditRows(c.env.DB, c.var.actor.workspaceId, filters, decodeCursor(cursor), limit + 1);
    const items = rows.slice(0, limit);
    return c.json({ items, nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!) : null } satisfies AuditPage);
  })
  .get("/audit.csv", requireActor, requireRole("admin"), zValidator("query", auditQuery, validationHook), async (c) => {
    const { cursor: _cursor, limit: _limit, ...filters } = c.req.valid("query");
    const { workspaceId } = c.var.actor;
    const encoder = new TextEncoder();
    const line = (fields: unknown[]) => `${fields.map(csvField).join(",")}\r\n`;
    let after: { at: number; id: string } | null = null;
    let started = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`\uFEFF${line(["at", "actor_id", "actor_name", "action", "target_type", "target_id", "detail"])}`));
        }
        const rows = await auditRows(c.env.DB, workspaceId, filters, after, CSV_PAGE);
        if (rows.length) {
          controller.enqueue(encoder.encode(rows.map((r) => line([new Date(r.at).toISOString(), r.actorId, r.actorName, r.action, r.targetType, r.targetId, r.detail ? JSON.stringify(r.detail) : null])).join("")));
          after = rows.at(-1)!;
        }
        if (rows.length < CSV_PAGE) controller.close();
      },
    });
    return new Response(body, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="audit-log.csv"', "cache-control": "no-store" },
    });
  });
