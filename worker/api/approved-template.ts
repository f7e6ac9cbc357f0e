// A template an agent wants to send, checked against what Meta approved for the number before anything is stored:
// approved, and every placeholder filled. Used by replies and by starting a conversation.
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { TemplateHeaderMedia, TemplateSend } from "../../durable/conversation-api";
import { templates } from "../../shared/db-schema";
import { apiError } from "../http-errors";

export async function approvedTemplate(db: D1Database, channelId: string, wanted: { name: string; language: string; params: string[]; headerParams: string[] }): Promise<TemplateSend & { category: string }> {
  const approved = await drizzle(db)
    .select()
    .from(templates)
    .where(and(eq(templates.channelId, channelId), eq(templates.name, wanted.name), eq(templates.language, wanted.language)))
    .get();
  if (!approved || approved.status !== "APPROVED") {
    throw apiError(422, "template_not_approved", `Template "${wanted.name}" (${wanted.language}) is not approved for this number.`);
  }
  if (wanted.params.length !== approved.bodyParams || wanted.headerParams.length !== approved.headerParams) {
    throw apiError(422, "template_params", `Template "${approved.name}" needs ${approved.bodyParams} body and ${approved.headerParams} header values.`, {
      bodyParams: approved.bodyParams,
      headerParams: approved.headerParams,
    });
  }
  if ([...wanted.params, ...wanted.headerParams].some((p) => !p.trim())) throw apiError(422, "template_params", "Every template value must be filled in.");
  const headerMedia = headerMediaOf(approved);
  return {
    name: approved.name, language: approved.language, category: approved.category, body: approved.body, bodyParams: wanted.params, headerParams: wanted.headerParams,
    ...(headerMedia ? { headerMedia } : {}),
  };
}

const MEDIA_KINDS = { IMAGE: "image", VIDEO: "video", DOCUMENT: "document" } as const;

/**
 * A media header is sent with a file: the sample kept when the template was created here. A template synced from
 * Meta with a media header but no sample cannot be sent (422) until one is uploaded in Settings.
 */
function headerMediaOf(row: typeof templates.$inferSelect): TemplateHeaderMedia | null {
  const header = (row.components ?? []).find((c): c is { type: string; format?: unknown } => typeof c === "object" && c !== null && "type" in c && String(c.type).toUpperCase() === "HEADER");
  const format = String(header?.format ?? "").toUpperCase();
  if (!(format in MEDIA_KINDS)) return null;
  if (!row.headerMediaKey || !row.headerMediaType) {
    throw apiError(422, "template_header_media", `Template "${row.name}" (${row.language}) has a ${format} header but no sample file is kept for it: upload one in Settings → Templates before sending it.`, { format });
  }
  return { kind: MEDIA_KINDS[format as keyof typeof MEDIA_KINDS], storageKey: row.headerMediaKey, mimeType: row.headerMediaType, filename: row.headerMediaFilename };
}
