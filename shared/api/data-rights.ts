// /api/admin/contacts/:id/export|erase and /api/admin/audit: customers' data rights and the admins' audit log.
// worker/api/data-rights-routes.ts validates with these schemas; the inbox's settings import types only.
import { z } from "zod";

/** What an erasure deleted, and when (POST /api/admin/contacts/:id/erase → `{receipt}`). */
export interface ErasureReceipt {
  contactId: string;
  erasedAt: string;
  /** The contact and the duplicates merged into it. */
  contacts: number;
  conversations: number;
  messages: number;
  files: number;
  /** Campaign recipient rows blanked (kept as counts only). */
  campaignRecipients: number;
  /** Rows deleted per D1 table. */
  d1Rows: Record<string, number>;
}

/** A time as epoch milliseconds or an ISO date/time. */
const instant = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: "custom", message: "Not a date: use epoch milliseconds or ISO 8601" });
      return z.NEVER;
    }
    return ms;
  });

export const auditQuery = z.object({
  action: z.string().max(60).optional(),
  actorId: z.string().max(100).optional(),
  from: instant.optional(),
  to: instant.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.input<typeof auditQuery>;

export interface AuditLogEntry {
  id: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown> | null;
  at: number;
}

export interface AuditPage {
  items: AuditLogEntry[];
  nextCursor: string | null;
}
