// /api/conversations and /api/templates: the list's query, history, replies, notes and the ownership and
// triage actions — schemas the routes validate with, and the types of what they answer. The inbox imports types only.
import { z } from "zod";
import type { ConversationState, ConversationStatus, ConversationSummary, Message, Priority, WhatsAppTemplate } from "../model";
import { TEXT_MAX_CHARS } from "../whatsapp-limits";
import type { QueryOf } from "./common";
import { richMessage } from "./rich-messages";

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const satisfies readonly Priority[];

export const listQuery = z.object({
  assignee: z.enum(["me", "unassigned", "bot", "any"]).default("any"),
  status: z.enum(["open", "pending", "snoozed", "resolved", "all"]).default("all"),
  teamId: z.string().max(100).optional(),
  tagId: z.string().max(100).optional(),
  priority: z.enum(PRIORITIES).optional(),
  /** Contact name, phone or last message contains this (server-side). */
  q: z.string().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = QueryOf<typeof listQuery>;
export type AssigneeFilter = z.output<typeof listQuery>["assignee"];
export type StatusFilter = z.output<typeof listQuery>["status"];

export interface ListPage {
  items: ConversationSummary[];
  nextCursor: string | null;
}

export const historyQuery = z.object({
  before: z.string().regex(/^\d+:\d+$/, "before must be <sentAt>:<seq>").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type HistoryQuery = QueryOf<typeof historyQuery>;

export interface ConversationViewResponse {
  conversation: ConversationState;
  /** When free-form replies stop being allowed (null: the customer never wrote). */
  windowClosesAt: number | null;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

/** A template to send: its name and language as approved by Meta, and the values of its placeholders. */
const templateSend = z
  .object({
    name: z.string().min(1).max(512),
    language: z.string().min(2).max(15),
    params: z.array(z.string().max(1024)).max(20).default([]),
    headerParams: z.array(z.string().max(60)).max(1).default([]),
  });

/** POST /api/conversations: write first to a number, with an approved template (the only way outside the window). */
export const startBody = z
  .object({
    channelId: z.string().min(1).max(100),
    to: z.string().regex(/^[1-9]\d{7,14}$/, "give the number in international format, digits only, without + (e.g. 34600111222)"),
    template: templateSend,
    clientId: z.string().min(1).max(100).optional(),
  })
  .strict();
export type StartBody = z.input<typeof startBody>;

/** The conversation (created, or the one this number already had) and the template sent into it. */
export interface StartResult {
  conversation: ConversationState;
  message: Message;
  created: boolean;
  duplicate: boolean;
}

export const replyBody = z
  .object({
    text: z.string().max(TEXT_MAX_CHARS * 2).optional(),
    private: z.boolean().optional(),
    clientId: z.string().min(1).max(100).optional(),
    replyTo: z.string().max(200).optional(),
    /** People @mentioned in a note (ids). */
    mentions: z.array(z.string().max(100)).max(20).optional(),
    template: templateSend.optional(),
    /** Buttons, a list, a link button, a location request, a location or a reaction (shared/api/rich-messages.ts). */
    rich: richMessage.optional(),
  })
  .refine((b) => Boolean(b.text?.trim()) || Boolean(b.template) || Boolean(b.rich), { message: "Send text, a template or a rich message" })
  .refine((b) => !(b.rich && (b.text?.trim() || b.template || b.private)), { message: "A rich message goes alone (no text, template or note)" })
  .refine((b) => !(b.private && b.template), { message: "A note cannot be a template" })
  .refine((b) => !(b.mentions?.length && !b.private), { message: "Only notes can mention people" });
export type ReplyBody = z.input<typeof replyBody>;

/** A stored reply, note or attachment; `duplicate` when the clientId was seen before (answered 200, not 201). */
export interface ReplyResult {
  message: Message;
  duplicate: boolean;
}

export const transferBody = z
  .object({ agentId: z.string().max(100).optional(), teamId: z.string().max(100).optional(), note: z.string().max(2000).optional() })
  .refine((b) => b.agentId || b.teamId, { message: "Give agentId or teamId" });
export type TransferBody = z.input<typeof transferBody>;

export const assignBody = z.object({ agentId: z.string().max(100).nullable() });
export type AssignBody = z.input<typeof assignBody>;

export const statusBody = z
  .object({ status: z.enum(["open", "snoozed", "resolved"]), snoozedUntil: z.number().int().positive().optional() })
  .refine((b) => b.status !== "snoozed" || b.snoozedUntil, { message: "snoozedUntil is required to snooze" });
export type StatusBody = z.input<typeof statusBody>;

export const priorityBody = z.object({ priority: z.enum(PRIORITIES) });
export type PriorityBody = z.input<typeof priorityBody>;

// What each action answers: the part of the conversation it changed.
export interface ClaimResult {
  assigneeId: string;
}
export interface ReleaseResult {
  assigneeId: null;
}
export interface TransferResult {
  assigneeId: string | null;
  teamId: string | null;
}
export interface AssignResult {
  assigneeId: string | null;
}
export interface StatusResult {
  status: ConversationStatus;
}
export interface PriorityResult {
  priority: Priority;
}
export interface TagsResult {
  tagIds: string[];
}
export interface ReadResult {
  unreadCount: 0;
}

export interface TemplateList {
  items: WhatsAppTemplate[];
}
