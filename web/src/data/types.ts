// Response shapes of the JSON API as the inbox reads them (mirrors worker/api/*.ts, built on shared/model.ts).
// Kept by hand because the Worker's `Api` type does not compile under the browser's lib; see the report.
import type { ConversationState, ConversationSummary, Message, Role, WhatsAppTemplate } from "../../../shared/model";

export interface Me {
  agent: { id: string; name: string; email: string; role: Role; workspaceId: string };
  workspace: { id: string; name: string; timezone: string; locale: string };
}

export type AssigneeFilter = "me" | "unassigned" | "any";
export type StatusFilter = "open" | "pending" | "snoozed" | "resolved" | "all";

export interface ListPage {
  items: ConversationSummary[];
  nextCursor: string | null;
}

export interface ConversationViewResponse {
  conversation: ConversationState;
  windowClosesAt: number | null;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface ReplyBody {
  text?: string;
  private?: boolean;
  clientId: string;
  replyTo?: string;
  template?: { name: string; language: string; params: string[]; headerParams?: string[] };
}

export interface ReplyResult {
  message: Message;
  duplicate: boolean;
}

export interface TemplateList {
  items: WhatsAppTemplate[];
}

/** `{error, message, details?}` from worker/http-errors.ts. */
export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
}
