// The `templates` rows in D1: what the API answers, the sync with the list Meta holds, and the changes Meta's
// webhooks report (status, quality, category). Matching is by Meta's id first, then by name + language, since rows
// seeded or created before Meta answered may lack the id.
import { accessTokenOf, tokenRefOf } from "../../durable/channel-token";
import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { GraphClient } from "../../durable/graph-client";
import type { MetaTemplate } from "../../durable/graph-templates";
import { channels, templates } from "../../shared/db-schema";
import { TEMPLATE_STATUSES, type TemplateStatus, type WhatsAppTemplate } from "../../shared/model";
import { deriveFromComponents, normalizeLanguage, statusAfterEvent, TEMPLATE_CATEGORIES, TEMPLATE_QUALITIES } from "../../shared/template-rules";
import type { TemplateUpdate } from "../../shared/whatsapp-webhook";
import type { TemplateSyncResult } from "../../shared/api/templates";
import { apiError } from "../http-errors";

export type TemplateRow = typeof templates.$inferSelect;

export function templateView(t: TemplateRow): WhatsAppTemplate {
  return {
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
    quality: t.quality,
    reason: t.reason,
    components: t.components ?? null,
    metaId: t.metaId,
    headerSample: t.headerMediaKey && t.headerMediaType ? { mimeType: t.headerMediaType, filename: t.headerMediaFilename } : null,
    updatedAt: t.updatedAt,
  };
}

export const newTemplateId = () => `tpl_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;

export interface TemplateChannel {
  id: string;
  workspaceId: string;
  wabaId: string;
  tokenRef: string;
}

/** The number, if it belongs to the caller's workspace (404 otherwise: another workspace's ids are not confirmed). */
export async function channelOf(db: D1Database, workspaceId: string, channelId: string): Promise<TemplateChannel> {
  const channel = await drizzle(db)
    .select({ id: channels.id, workspaceId: channels.workspaceId, wabaId: channels.wabaId, tokenRef: channels.tokenRef, accessTokenEnc: channels.accessTokenEnc })
    .from(channels)
    .where(and(eq(channels.id, channelId), eq(channels.workspaceId, workspaceId)))
    .get();
  if (!channel) throw apiError(404, "not_found", "No such WhatsApp number in this workspace.");
  return { id: channel.id, workspaceId: channel.workspaceId, wabaId: channel.wabaId, tokenRef: tokenRefOf(channel) };
}

/** A Graph client with the number's token (a Worker secret or sealed in D1); the simulator in dev and tests. */
export async function graphFor(env: Env, channel: Pick<TemplateChannel, "tokenRef">, loopback: (request: Request) => Promise<Response>): Promise<GraphClient> {
  return graphWithToken(env, await accessTokenOf(env, channel.tokenRef), loopback);
}

export function graphWithToken(env: Env, token: string, loopback: (request: Request) => Promise<Response>): GraphClient {
  return new GraphClient({
    base: env.GRAPH_API_BASE,
    version: env.GRAPH_API_VERSION,
    token,
    loopback,
    timeoutMs: env.GRAPH_TIMEOUT_MS ? Number(env.GRAPH_TIMEOUT_MS) : undefined,
  });
}

const oneOf = <T extends string>(list: readonly T[], v: unknown): T | null => (typeof v === "string" && (list as readonly string[]).includes(v.toUpperCase()) ? (v.toUpperCase() as T) : null);

/** Meta's list entry as column values; null for an entry we cannot store (a status or category we do not know). */
function columnsOf(t: MetaTemplate) {
  const status = oneOf<TemplateStatus>(TEMPLATE_STATUSES, t.status);
  const category = oneOf(TEMPLATE_CATEGORIES, t.category);
  if (!status || !category || typeof t.name !== "string" || typeof t.language !== "string") return null;
  const components = Array.isArray(t.components) ? t.components : [];
  const reason = t.rejected_reason && t.rejected_reason !== "NONE" ? String(t.rejected_reason).slice(0, 200) : null;
  return {
    metaId: String(t.id),
    name: t.name,
    language: normalizeLanguage(t.language),
    status,
    category,
    quality: oneOf(TEMPLATE_QUALITIES, t.quality_score?.score) ?? "UNKNOWN",
    reason,
    components,
    ...deriveFromComponents(components),
  };
}

/** Makes the number's rows what Meta lists: inserts new ones, updates known ones, deletes those Meta dropped. */
export async function syncChannelTemplates(db: D1Database, channel: TemplateChannel, listed: MetaTemplate[], now = Date.now()): Promise<TemplateSyncResult> {
  const orm = drizzle(db);
  const existing = await orm.select().from(templates).where(eq(templates.channelId, channel.id)).all();
  const byMetaId = new Map(existing.filter((r) => r.metaId).map((r) => [r.metaId!, r]));
  const byKey = new Map(existing.map((r) => [`${r.name}|${r.language}`, r]));
  const kept = new Set<string>();
  const writes = [];
  let created = 0;
  let updated = 0;
  let skipped = 0;
  for (const t of listed) {
    const columns = columnsOf(t);
    if (!columns) {
      skipped++;
      continue;
    }
    const row = byMetaId.get(columns.metaId) ?? byKey.get(`${columns.name}|${columns.language}`);
    if (row && kept.has(row.id)) continue; // Meta listed the same template twice (pages shifted meanwhile)
    if (row) {
      kept.add(row.id);
      updated++;
      writes.push(orm.update(templates).set({ ...columns, updatedAt: now }).where(eq(templates.id, row.id)));
    } else {
      const id = newTemplateId();
      kept.add(id);
      created++;
      writes.push(orm.insert(templates).values({ id, workspaceId: channel.workspaceId, channelId: channel.id, ...columns, updatedAt: now, createdAt: now }));
    }
  }
  if (skipped) console.warn(`templates: sync of ${channel.id} skipped ${skipped} entries with an unknown status or category`);
  const gone = existing.filter((r) => !kept.has(r.id)).map((r) => r.id);
  if (gone.length) writes.push(orm.delete(templates).where(and(eq(templates.channelId, channel.id), inArray(templates.id, gone))));
  const [first, ...rest] = writes;
  if (first) await orm.batch([first, ...rest]);
  return { created, updated, removed: gone.length };
}

/** The columns a webhook change sets; null when it changes nothing we store. */
function changeOf(update: TemplateUpdate): Partial<TemplateRow> | null {
  switch (update.kind) {
    case "status": {
      const status = statusAfterEvent(update.event);
      const change: Partial<TemplateRow> = {};
      if (status) change.status = status;
      // Sendable or back in review: an old rejection or pause reason no longer applies.
      if (status === "APPROVED" || status === "PENDING") change.reason = null;
      else if (update.reason) change.reason = update.reason;
      if (update.category) change.category = update.category;
      return Object.keys(change).length ? change : null;
    }
    case "quality":
      return { quality: update.quality };
    case "category":
      return { category: update.category };
  }
}

export interface AppliedTemplateChange {
  workspaceId: string;
  template: WhatsAppTemplate;
}

/**
 * Applies webhook changes to the rows of every number on that WABA. Idempotent (a redelivery writes the same values);
 * a change for a template we do not have stores nothing and is returned in `unknown`.
 */
export async function applyTemplateUpdates(db: D1Database, updates: TemplateUpdate[], now = Date.now()): Promise<{ changed: AppliedTemplateChange[]; unknown: TemplateUpdate[] }> {
  const orm = drizzle(db);
  const changed = new Map<string, AppliedTemplateChange>();
  const unknown: TemplateUpdate[] = [];
  const channelsOfWaba = new Map<string, string[]>();
  for (const update of updates) {
    let channelIds = channelsOfWaba.get(update.wabaId);
    if (!channelIds) {
      channelIds = (await orm.select({ id: channels.id }).from(channels).where(eq(channels.wabaId, update.wabaId)).all()).map((c) => c.id);
      channelsOfWaba.set(update.wabaId, channelIds);
    }
    const rows = channelIds.length ? await orm.select().from(templates).where(inArray(templates.channelId, channelIds)).all() : [];
    // Per number: Meta's id if a row has it, else the same name and language.
    const matches = channelIds
      .map((channelId) => {
        const own = rows.filter((r) => r.channelId === channelId);
        return (update.metaId ? own.find((r) => r.metaId === update.metaId) : undefined) ?? own.find((r) => r.name === update.name && r.language === update.language);
      })
      .filter((r): r is TemplateRow => r !== undefined);
    if (!matches.length) {
      unknown.push(update);
      continue;
    }
    const change = changeOf(update);
    if (!change) continue;
    for (const row of matches) {
      const set = { ...change, ...(update.metaId && !row.metaId ? { metaId: update.metaId } : {}), updatedAt: now };
      const after = await orm.update(templates).set(set).where(eq(templates.id, row.id)).returning().get();
      if (after) changed.set(after.id, { workspaceId: after.workspaceId, template: templateView(after) });
    }
  }
  return { changed: [...changed.values()], unknown };
}
