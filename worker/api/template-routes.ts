// /api/templates: the WhatsApp templates of the workspace's numbers. Everyone lists them (agents send the approved
// ones when the 24-hour window has closed); admins create and delete them at Meta; supervisors and admins sync the
// list with what Meta holds. Meta reviews new templates and reports the outcome by webhook (whatsapp/webhook-route).
import { zValidator } from "@hono/zod-validator";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { GraphFailure } from "../../durable/graph-client";
import { createTemplate, deleteTemplate, listTemplates, uploadTemplateSample } from "../../durable/graph-templates";
import { templates } from "../../shared/db-schema";
import { TEMPLATE_STATUSES, type TemplateStatus } from "../../shared/model";
import { checkTemplate, deriveFromComponents, HEADER_MEDIA_TYPES, headerFormatFor, toMetaComponents } from "../../shared/template-rules";
import {
  createTemplateBody, definitionOf, type HeaderMediaUploaded, headerSampleBody, syncTemplatesBody, type TemplateCreated, type TemplateInvalidDetails, type TemplateSyncResult,
} from "../../shared/api/templates";
import type { TemplateList } from "../../shared/api/conversations";
import { requireActor, requireRole } from "../auth/require-actor";
import { receiveAttachment } from "../conversations/attachment-upload";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { channelOf, graphFor, newTemplateId, syncChannelTemplates, templateView } from "../templates/template-store";
import { validationHook } from "./validation";

/** Meta's answer as ours: busy → 503 (retry), no answer → 502 (sync to see), refused → 409/422 with its reason. */
function metaError(failure: GraphFailure, doing: string) {
  if (failure.kind === "transient") return apiError(503, "meta_unavailable", `Meta could not ${doing} right now: ${failure.reason}`, { code: failure.code }, { "retry-after": "5" });
  if (failure.kind === "unknown") return apiError(502, "meta_no_answer", `Meta did not answer while we tried to ${doing} (${failure.reason}). Sync to see what it holds.`);
  // Code 100 / subcode 2388024: that name already exists in that language on the account.
  if (failure.code === 100 && failure.subcode === 2388024) return apiError(409, "template_exists", `Meta already has a template with this name and language: ${failure.reason}`);
  return apiError(422, "meta_rejected", `Meta refused to ${doing}: ${failure.reason}`, { code: failure.code, subcode: failure.subcode ?? null });
}

/** The simulator is served by this same Worker: Graph calls reach it through the loopback binding. */
const loopbackOf = (c: { executionCtx: { exports?: Cloudflare.Exports } }) => (request: Request) => {
  if (!c.executionCtx.exports) throw new Error("ctx.exports is not available (needs the loopback binding)");
  return c.executionCtx.exports.default.fetch(request);
};

/** Samples are kept per workspace; a create request may only name a key under its own workspace. */
const sampleKeyPrefix = (workspaceId: string) => `templates/${workspaceId}/`;

/** The sample a media header names, checked: under the workspace, stored, and of a type that header takes. */
async function headerSample(env: Env, workspaceId: string, header: { format: string; mediaKey?: string; filename?: string } | null | undefined) {
  if (!header || header.format === "TEXT" || !header.mediaKey) return null;
  const key = header.mediaKey;
  const stored = key.startsWith(sampleKeyPrefix(workspaceId)) ? await env.MEDIA.head(key) : null;
  if (!stored) throw apiError(422, "template_header_media", "The header's sample file is not stored for this workspace: upload it again.");
  const mimeType = stored.httpMetadata?.contentType ?? "";
  if (headerFormatFor(mimeType) !== header.format) throw apiError(422, "template_header_media", `The sample is ${mimeType || "of an unknown type"}, which a ${header.format} header does not take.`);
  return { headerMediaKey: key, headerMediaType: mimeType, headerMediaFilename: header.filename?.slice(0, 200) || null };
}

/** IMAGE, VIDEO or DOCUMENT when Meta's components have such a header; null otherwise. */
function mediaHeaderFormat(components: unknown[] | null): string | null {
  const header = (components ?? []).find((c): c is { type: unknown; format?: unknown } => typeof c === "object" && c !== null && "type" in c && String(c.type).toUpperCase() === "HEADER");
  const format = String(header?.format ?? "").toUpperCase();
  return ["IMAGE", "VIDEO", "DOCUMENT"].includes(format) ? format : null;
}

export const templateRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .get("/", async (c) => {
    const channelId = c.req.query("channelId");
    const rows = await drizzle(c.env.DB)
      .select()
      .from(templates)
      .where(and(eq(templates.workspaceId, c.var.actor.workspaceId), channelId ? eq(templates.channelId, channelId) : undefined))
      .all();
    return c.json({ items: rows.map(templateView) } satisfies TemplateList);
  })
  .post("/", requireRole("admin"), zValidator("json", createTemplateBody, validationHook), async (c) => {
    const body = c.req.valid("json");
    const definition = definitionOf(body);
    const issues = checkTemplate(definition);
    if (issues.length) {
      throw apiError(422, "template_invalid", issues.map((i) => `${i.field}: ${i.message}`).join("; "), { issues } satisfies TemplateInvalidDetails);
    }
    const channel = await channelOf(c.env.DB, c.var.actor.workspaceId, body.channelId);
    const sample = await headerSample(c.env, channel.workspaceId, body.header);
    const orm = drizzle(c.env.DB);
    const taken = await orm
      .select({ id: templates.id })
      .from(templates)
      .where(and(eq(templates.channelId, channel.id), eq(templates.name, definition.name), eq(templates.language, definition.language)))
      .get();
    if (taken) throw apiError(409, "template_exists", `"${definition.name}" (${definition.language}) already exists for this number.`);

    const components = toMetaComponents(definition);
    const created = await createTemplate(await graphFor(c.env, channel, loopbackOf(c)), channel.wabaId, {
      name: definition.name, language: definition.language, category: definition.category, components,
    });
    if (!created.ok) throw metaError(created.failure, "create the template");
    // Meta answers PENDING (in review) and may already move the category; its word is what we store.
    const status: TemplateStatus = (TEMPLATE_STATUSES as readonly string[]).includes(created.value.status) ? (created.value.status as TemplateStatus) : "PENDING";
    const category = created.value.category === "MARKETING" || created.value.category === "UTILITY" || created.value.category === "AUTHENTICATION" ? created.value.category : definition.category;
    const now = Date.now();
    const row = await orm
      .insert(templates)
      .values({
        id: newTemplateId(), workspaceId: channel.workspaceId, channelId: channel.id, name: definition.name, language: definition.language,
        category, status, metaId: String(created.value.id), components, quality: "UNKNOWN", reason: null, updatedAt: now, createdAt: now,
        ...deriveFromComponents(components),
        ...sample,
      })
      // A review webhook may have raced ahead and the row arrived by sync meanwhile: Meta's id is the same template.
      .onConflictDoUpdate({ target: [templates.channelId, templates.name, templates.language], set: { metaId: String(created.value.id), components, updatedAt: now, ...sample } })
      .returning()
      .get();
    return c.json({ template: templateView(row) } satisfies TemplateCreated, 201);
  })
  .post("/header-media", requireRole("admin"), async (c) => {
    const channelId = c.req.query("channelId");
    if (!channelId) throw apiError(400, "invalid_request", "Say which WhatsApp number the template is for: ?channelId=…");
    const channel = await channelOf(c.env.DB, c.var.actor.workspaceId, channelId);
    const appId = c.env.META_APP_ID;
    if (!appId) throw apiError(503, "meta_app_missing", "META_APP_ID is not set: samples go through the Meta app's Resumable Upload API.");
    const mediaKey = `${sampleKeyPrefix(channel.workspaceId)}${crypto.randomUUID()}`;
    // Streamed into R2 with WhatsApp's per-kind size limits (image 5 MB, video 16 MB, document 100 MB).
    const file = await receiveAttachment(c.req.raw, c.env.MEDIA, mediaKey, async () => {});
    if (!headerFormatFor(file.mimeType)) {
      await c.env.MEDIA.delete(mediaKey);
      const allowed = Object.values(HEADER_MEDIA_TYPES).flat().join(", ");
      throw apiError(422, "media_type_not_allowed", `${file.mimeType} cannot be a template header (allowed: ${allowed}).`);
    }
    const object = await c.env.MEDIA.get(mediaKey);
    if (!object) throw apiError(503, "storage_unavailable", "The file could not be read back from storage; try again.");
    const uploaded = await uploadTemplateSample(await graphFor(c.env, channel, loopbackOf(c)), appId, {
      name: file.filename, type: file.mimeType, size: file.size, body: () => object.body.pipeThrough(new FixedLengthStream(file.size)),
    });
    if (!uploaded.ok) {
      await c.env.MEDIA.delete(mediaKey);
      throw metaError(uploaded.failure, "take the sample file");
    }
    return c.json({ handle: uploaded.value.handle, mediaKey, mimeType: file.mimeType, filename: file.filename } satisfies HeaderMediaUploaded, 201);
  })
  .put("/:id/header-media", requireRole("admin"), zValidator("json", headerSampleBody, validationHook), async (c) => {
    const orm = drizzle(c.env.DB);
    const where = and(eq(templates.id, c.req.param("id")), eq(templates.workspaceId, c.var.actor.workspaceId));
    const row = await orm.select().from(templates).where(where).get();
    if (!row) throw apiError(404, "not_found", "No such template in this workspace.");
    const format = mediaHeaderFormat(row.components);
    if (!format) throw apiError(422, "template_header_media", "This template has no image, video or document header.");
    const body = c.req.valid("json");
    const sample = await headerSample(c.env, row.workspaceId, { format, mediaKey: body.mediaKey, filename: body.filename });
    const updated = await orm.update(templates).set({ ...sample, updatedAt: Date.now() }).where(where).returning().get();
    return c.json({ template: templateView(updated) } satisfies TemplateCreated);
  })
  .post("/sync", requireRole("admin", "supervisor"), zValidator("json", syncTemplatesBody, validationHook), async (c) => {
    const channel = await channelOf(c.env.DB, c.var.actor.workspaceId, c.req.valid("json").channelId);
    const listed = await listTemplates(await graphFor(c.env, channel, loopbackOf(c)), channel.wabaId);
    if (!listed.ok) throw metaError(listed.failure, "list the templates");
    return c.json((await syncChannelTemplates(c.env.DB, channel, listed.value)) satisfies TemplateSyncResult);
  })
  .delete("/:id", requireRole("admin"), async (c) => {
    const orm = drizzle(c.env.DB);
    const row = await orm
      .select()
      .from(templates)
      .where(and(eq(templates.id, c.req.param("id")), eq(templates.workspaceId, c.var.actor.workspaceId)))
      .get();
    if (!row) throw apiError(404, "not_found", "No such template in this workspace.");
    const channel = await channelOf(c.env.DB, c.var.actor.workspaceId, row.channelId);
    // A row Meta never gave an id (seeded, or legacy) has nothing to delete there.
    if (row.metaId) {
      const deleted = await deleteTemplate(await graphFor(c.env, channel, loopbackOf(c)), channel.wabaId, { metaId: row.metaId, name: row.name });
      if (!deleted.ok) throw metaError(deleted.failure, "delete the template");
    }
    await orm.delete(templates).where(eq(templates.id, row.id));
    return c.json({ deleted: true, id: row.id });
  });
