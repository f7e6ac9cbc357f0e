// The admins' audit log: who exported or erased a customer's data, changed roles, settings, channels, tokens or
// rules. Append-only (nothing updates or deletes a row); entries name people and ids, never customers' details.
import type { Actor } from "../../shared/model";

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  /** What changed, without personal data of customers (ids, counts, field names). */
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: D1Database, actor: Pick<Actor, "workspaceId" | "agentId" | "name"> | null, workspaceId: string, entry: AuditEntry): Promise<void> {
  await db
    .prepare("INSERT INTO audit_log (id, workspace_id, actor_id, actor_name, action, target_type, target_id, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
    .bind(`au_${crypto.randomUUID().replace(/-/g, "")}`, workspaceId, actor?.agentId ?? null, actor?.name ?? null, entry.action, entry.targetType ?? null, entry.targetId ?? null, entry.detail ? JSON.stringify(entry.detail) : null, Date.now())
    .run();
}
