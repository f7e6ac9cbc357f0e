// A template an agent wants to send, checked against what Meta approved for the number before anything is stored:
// approved, and every placeholder filled. Used by replies and by starting a conversation.
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { TemplateSend } from "../../durable/conversation-api";
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
  return { name: approved.name, language: approved.language, category: approved.category, body: approved.body, bodyParams: wanted.params, headerParams: wanted.headerParams };
}
