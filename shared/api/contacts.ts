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
    /** Record (true) or withdraw (false) the contact's consent to marketing, as the customer gave it by other means. */
    marketingConsent: z.boolean().optional(),
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
  /** Agreed to receive marketing since (an import's consent column, or an agent); null: no consent recorded. */
  marketingConsentAt: number | null;
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

/** POST /api/contacts/import?channelId=…: the CSV's contacts join this WhatsApp number (default: the first one). */
export const contactImportQuery = z.object({ channelId: z.string().min(1).max(100).optional() });
export type ContactImportQuery = QueryOf<typeof contactImportQuery>;

/** Something about one row of the file: row 1 is the header, as a spreadsheet numbers them. */
export interface ContactImportIssue {
  row: number;
  /** "phone", "name", "tags", "consent", or an attribute's header. */
  column?: string;
  code: string;
  message: string;
}

export interface ContactImportResult {
  /** Numbers that were not contacts of the channel yet. */
  created: number;
  /** Numbers that were (name given, attributes merged, tags added, consent set). */
  updated: number;
  /** Rows not imported: no phone, or not a valid number. */
  skipped: number;
  /** Rows with the number of an earlier row: merged into it, the later values winning. */
  merged: number;
  /** Contacts that opted out of marketing: their data was updated, consent not recorded, the opt-out kept. */
  optedOut: number;
  /** The first issues, by row (at most 500; `moreErrors` counts the rest). */
  errors: ContactImportIssue[];
  moreErrors: number;
}
