// /api/templates: creating, syncing and deleting WhatsApp templates with Meta — the schemas the routes validate
// the shape with (Meta's own limits are checked by shared/template-rules.ts, answered 422 with the rule), and the
// types of what they answer. The settings form imports types only.
import { z } from "zod";
import type { WhatsAppTemplate } from "../model";
import { MEDIA_HEADER_FORMATS, TEMPLATE_CATEGORIES, type TemplateDefinition, type TemplateIssue } from "../template-rules";


// Generous caps on the shape only: the exact limits live in template-rules so the form and the API agree.
const text = (max: number) => z.string().max(max);

const header = z.discriminatedUnion("format", [
  z.object({ format: z.literal("TEXT"), text: text(200), example: text(1100).optional() }).strict(),
  z.object({ format: z.enum(MEDIA_HEADER_FORMATS), handle: text(1000), mediaKey: text(300).optional(), filename: text(300).optional() }).strict(),
]);

const button = z.discriminatedUnion("type", [
  z.object({ type: z.literal("QUICK_REPLY"), text: text(100) }).strict(),
  z.object({ type: z.literal("URL"), text: text(100), url: text(2100), example: text(1100).optional() }).strict(),
  z.object({ type: z.literal("PHONE_NUMBER"), text: text(100), phone: text(40) }).strict(),
  z.object({ type: z.literal("COPY_CODE"), example: text(100) }).strict(),
]);

/** POST /api/templates: a template for one number's WhatsApp Business Account, sent to Meta for review. */
export const createTemplateBody = z
  .object({
    channelId: z.string().min(1).max(100),
    name: text(600),
    language: text(20),
    category: z.enum(TEMPLATE_CATEGORIES),
    header: header.nullish(),
    body: text(2000),
    bodyExamples: z.array(text(1100)).max(100).default([]),
    footer: text(200).nullish(),
    buttons: z.array(button).max(20).default([]),
  })
  .strict();
export type CreateTemplateBody = z.input<typeof createTemplateBody>;

/** The definition part of a create request (what template-rules checks and turns into Meta's components). */
export function definitionOf(body: z.output<typeof createTemplateBody>): TemplateDefinition {
  const { channelId: _channel, ...definition } = body;
  return definition;
}

/** 422 `template_invalid`: every rule the definition breaks. */
export interface TemplateInvalidDetails {
  issues: TemplateIssue[];
}

/** POST /api/templates/header-media?channelId=: the sample stored and uploaded to Meta, for a media header. */
export interface HeaderMediaUploaded {
  /** Meta's Resumable Upload handle: the header's `handle`. */
  handle: string;
  /** Where the sample is kept: the header's `mediaKey`, sent as the header with the template. */
  mediaKey: string;
  mimeType: string;
  filename: string;
}

/** PUT /api/templates/:id/header-media: keep a sample (from POST …/header-media) for a media-header template synced from Meta. */
export const headerSampleBody = z.object({ mediaKey: text(300), filename: text(300).optional() }).strict();
export type HeaderSampleBody = z.input<typeof headerSampleBody>;

export interface TemplateCreated {
  template: WhatsAppTemplate;
}

/** POST /api/templates/sync: read every template Meta holds for the number's WABA. */
export const syncTemplatesBody = z.object({ channelId: z.string().min(1).max(100) }).strict();
export type SyncTemplatesBody = z.input<typeof syncTemplatesBody>;

export interface TemplateSyncResult {
  created: number;
  updated: number;
  removed: number;
}
