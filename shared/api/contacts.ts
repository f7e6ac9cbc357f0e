// /api/contacts: search, a contact's profile with its conversations and history, edits and merging a duplicate —
// schemas the routes validate with and the types of what they answer. The inbox imports types only.
import { z } from "zod";
import type { ConversationStatus } from "../model";
import type { QueryOf } from "./common";

export const contactSearchQuery = z.object({ q: z.string().trim().min(1).max(100) });
export type ContactSearchQuery = QueryOf<typeof contactSearchQuery>;

export const contactPatchBody = z
  .object({
    // An empty name clears it (back to the WhatsApp profile name), in D1 and in the conversations alike.
    name: z.string().trim().max(120).nullable().optional().transform((n) => (n === "" ? null : n)),
    notes: z.string().max(10_000).nullable().optional(),
    attributes: z.record(z.string().trim().min(1).max(60), z.string().max(500)).refine((a) => Object.keys(a).length <= 50, "at most 50 attributes").optional(),
    /** Opt the contact out of (true) or back into (false) marketing, as the customer asked by other means. */
    optedOut: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "Nothing to change" });
export type ContactPatch = z.input<typeof contactPatchBody>;

export const mergeBody = z.object({ duplicateId: z.string().max(100) });
export type MergeBody = z.input<typeof mergeBody>;

export interface MergeResult {
  ok: true;
  mergedInto: string;
}

export interface ContactRecord {
  id: string;
  name: string | null;
  profileName: string | null;
  phone: string | null;
  waId: string | null;
  attributes: Record<string, string>;
  notes: string | null;
  tagIds: string[];
  firstSeenAt: number;
  lastSeenAt: number;
  mergedInto: string | null;
  /** Opted out of marketing since (a keyword over WhatsApp or an agent); null: not opted out. */
  optedOutAt: number | null;
}

export interface ContactConversation {
  id: string;
  channelId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  lastMessageAt: number | null;
  lastMessagePreview: string | null;
  createdAt: number;
}

export interface ContactHistoryEntry {
  conversationId: string;
  /** conversation_created | reopened | resolved | assigned | transferred */
  kind: string;
  at: number;
  agentId: string | null;
  value: number | null;
}

export interface ContactView {
  contact: ContactRecord;
  conversations: ContactConversation[];
  history: ContactHistoryEntry[];
}

export interface ContactSearchItem {
  id: string;
  name: string | null;
  profileName: string | null;
  phone: string | null;
  lastSeenAt: number;
}
