// Queries and actions of the inbox: list pages (fed into the realtime store), one conversation's view,
// templates, claim, mark read, and sending replies/notes/templates with an optimistic bubble.
import { action, json, query } from "@solidjs/router";
import { createStore } from "solid-js/store";
import { BOT_AGENT_ID, type ConversationSummary, type MediaKind, type Priority, type WhatsAppTemplate } from "../../../shared/model";
import { ApiError, api, uploadAttachment } from "./api";
import { byTime } from "./merge";
import { addLocalSend, mergeMessage, mergeOlder, mergeRows, patchRow, realtime, seedConversation, updateLocalSend } from "./realtime";
import type { AssigneeFilter, StatusBody, StatusFilter, TransferBody } from "./types";

/** Keeps actions from invalidating every query: the realtime store already has the truth. */
const NO_REVALIDATE = { revalidate: "__none__" };

// ---------- conversation list ----------

export interface ListFilter {
  assignee: AssigneeFilter;
  status: StatusFilter;
  teamId: string | null;
  tagId: string | null;
  priority: Priority | null;
  /** Server-side search (name, phone, last message); "" for none. */
  q: string;
}
const keyOf = (f: ListFilter) => JSON.stringify([f.assignee, f.status, f.teamId, f.tagId, f.priority, f.q]);
const filterOf = (key: string): ListFilter => {
  const [assignee, status, teamId, tagId, priority, q] = JSON.parse(key) as [AssigneeFilter, StatusFilter, string | null, string | null, Priority | null, string];
  return { assignee, status, teamId, tagId, priority, q };
};
const PAGE = 50;

interface PageState {
  cursor: string | null;
  done: boolean;
  loading: boolean;
  loaded: boolean;
  error: string | null;
}
const [pages, setPages] = createStore<Record<string, PageState>>({});
export const listPages = pages;
export const pageStateOf = (f: ListFilter): PageState | undefined => pages[keyOf(f)];

const listQuery = (f: ListFilter, cursor: string | null) =>
  api.listConversations({ assignee: f.assignee, status: f.status, teamId: f.teamId, tagId: f.tagId, priority: f.priority, q: f.q || null, cursor, limit: PAGE });

/** Loads the first page of a filter (or the next page when `more`), merging rows into the live store. */
export async function loadList(f: ListFilter, more = false): Promise<void> {
  const key = keyOf(f);
  const current = pages[key];
  if (current?.loading || (more && (current?.done || !current?.loaded))) return;
  if (!more && current?.loaded) return;
  setPages(key, { cursor: current?.cursor ?? null, done: current?.done ?? false, loaded: current?.loaded ?? false, loading: true, error: null });
  try {
    const page = await listQuery(f, more ? (current?.cursor ?? null) : null);
    mergeRows(page.items);
    setPages(key, { cursor: page.nextCursor, done: page.nextCursor === null, loading: false, loaded: true, error: null });
  } catch (err) {
    setPages(key, { loading: false, error: (err as Error).message });
  }
}

/** After a reconnect without a list cursor: re-read the top of every loaded filter. */
export async function resyncLists(): Promise<void> {
  await Promise.all(
    Object.keys(pages).map(async (key) => {
      const page = await listQuery(filterOf(key), null).catch(() => null);
      if (page) mergeRows(page.items);
    }),
  );
}

/** The same test the server's search applies, for live rows (accent-sensitive `LIKE`, case-insensitive). */
export function matchesSearch(row: ConversationSummary, q: string): boolean {
  const needle = q.trim().toLowerCase();
  return !needle || `${row.contactName ?? ""} ${row.contactPhone ?? ""} ${row.lastMessagePreview ?? ""}`.toLowerCase().includes(needle);
}

export function matchesFilter(row: ConversationSummary, f: ListFilter, meId: string): boolean {
  if (f.status !== "all" && row.status !== f.status) return false;
  if (f.teamId && row.teamId !== f.teamId) return false;
  if (f.tagId && !row.tagIds?.includes(f.tagId)) return false;
  if (f.priority && row.priority !== f.priority) return false;
  if (f.q && !matchesSearch(row, f.q)) return false;
  if (f.assignee === "me") return row.assigneeId === meId;
  if (f.assignee === "unassigned") return row.assigneeId === null;
  if (f.assignee === "bot") return row.assigneeId === BOT_AGENT_ID;
  return true;
}

// ---------- one conversation ----------

export const getConversation = query(async (id: string) => {
  const view = await api.conversation(id);
  seedConversation(view.conversation);
  return view;
}, "conversation");

export const getTemplates = query(async (channelId: string): Promise<WhatsAppTemplate[]> => {
  const { items } = await api.templates(channelId);
  return items.filter((t) => t.status === "APPROVED");
}, "templates");

/** Loads the page of history before the oldest message we hold. */
export async function loadOlderMessages(id: string): Promise<void> {
  const cache = realtime.conversations[id];
  if (!cache?.hasMore) return;
  const oldest = Object.values(cache.messages).sort(byTime)[0];
  if (!oldest) return;
  const page = await api.olderMessages(id, { sentAt: oldest.sentAt, seq: oldest.seq });
  mergeOlder(id, page.messages, page.hasMore);
}

export const claimAction = action(async (id: string, meId: string) => {
  const result = await api.claim(id);
  patchRow(id, { assigneeId: meId });
  return json(result, NO_REVALIDATE);
}, "claim");

// Ownership, status and labels. The conversation's socket brings the new state (and the activity line); the
// row is patched at once so the list does not wait for it. Failures throw ApiError for the view to explain.

export const releaseAction = action(async (id: string) => {
  const result = await api.release(id);
  patchRow(id, { assigneeId: null, assigneeName: null });
  return json(result, NO_REVALIDATE);
}, "release");

export const transferAction = action(async (id: string, body: TransferBody, agentName?: string) => {
  const result = await api.transfer(id, body);
  patchRow(id, { assigneeId: result.assigneeId, assigneeName: result.assigneeId ? (agentName ?? null) : null, teamId: result.teamId });
  return json(result, NO_REVALIDATE);
}, "transfer");

export const assignAction = action(async (id: string, agentId: string | null, agentName?: string) => {
  const result = await api.assign(id, agentId);
  patchRow(id, { assigneeId: result.assigneeId, assigneeName: agentName ?? null });
  return json(result, NO_REVALIDATE);
}, "assign");

export const statusAction = action(async (id: string, body: StatusBody) => {
  const result = await api.setStatus(id, body);
  patchRow(id, { status: body.status, snoozedUntil: body.status === "snoozed" ? (body.snoozedUntil ?? null) : null });
  return json(result, NO_REVALIDATE);
}, "status");

export const priorityAction = action(async (id: string, priority: Priority) => {
  const result = await api.setPriority(id, priority);
  patchRow(id, { priority });
  return json(result, NO_REVALIDATE);
}, "priority");

export const tagsAction = action(async (id: string, change: { add?: string[]; remove?: string[] }) => {
  const result = await api.changeTags(id, change);
  patchRow(id, { tagIds: result.tagIds });
  return json(result, NO_REVALIDATE);
}, "tags");

export const markReadAction = action(async (id: string) => {
  patchRow(id, { unreadCount: 0 });
  const result = await api.markRead(id).catch(() => ({ unreadCount: 0 as const }));
  return json(result, NO_REVALIDATE);
}, "markRead");

// ---------- sending ----------

export interface SendInput {
  conversationId: string;
  text?: string;
  private?: boolean;
  template?: { name: string; language: string; params: string[]; headerParams?: string[] };
  /** Agent ids @mentioned in a note. */
  mentions?: string[];
  /** The wamid of the message a reply quotes. */
  replyTo?: string;
  /** Reuse to retry the same send (the server stores and sends it once). */
  clientId?: string;
}

export const newClientId = () => `web-${crypto.randomUUID()}`;

export const sendAction = action(async (input: SendInput) => {
  const clientId = input.clientId ?? newClientId();
  const existing = realtime.localSends[clientId];
  if (existing) updateLocalSend(clientId, { state: "sending", error: undefined });
  else
    addLocalSend({
      clientId,
      conversationId: input.conversationId,
      text: input.text ?? "",
      private: input.private ?? false,
      template: input.template,
      createdAt: Date.now(),
      state: "sending",
    });
  try {
    const result = await api.send(input.conversationId, {
      clientId,
      ...(input.template ? { template: { ...input.template, headerParams: input.template.headerParams ?? [] } } : { text: input.text }),
      ...(input.private ? { private: true } : {}),
      ...(input.private && input.mentions?.length ? { mentions: input.mentions } : {}),
      ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    });
    mergeMessage(result.message);
    return json(result, NO_REVALIDATE);
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(0, "network", String(err));
    updateLocalSend(clientId, { state: "failed", error: { code: e.code, message: e.message } });
    throw e;
  }
}, "send");

// ---------- attachments ----------

export interface AttachmentInput {
  conversationId: string;
  file: File;
  kind: MediaKind;
  caption?: string;
  clientId?: string;
}

/** Uploads a file as a message: a local bubble with progress first, the stored message (by clientId) after. */
export async function sendAttachment(input: AttachmentInput): Promise<void> {
  const clientId = input.clientId ?? newClientId();
  const previewUrl = input.kind === "image" && typeof URL.createObjectURL === "function" ? URL.createObjectURL(input.file) : null;
  const existing = realtime.localSends[clientId];
  if (existing) updateLocalSend(clientId, { state: "sending", error: undefined, attachment: { ...existing.attachment!, progress: 0 } });
  else
    addLocalSend({
      clientId,
      conversationId: input.conversationId,
      text: input.caption ?? "",
      private: false,
      attachment: { file: input.file, kind: input.kind, previewUrl, progress: 0 },
      createdAt: Date.now(),
      state: "sending",
    });
  try {
    const result = await uploadAttachment(input.conversationId, { file: input.file, caption: input.caption, clientId }, (progress) => {
      const current = realtime.localSends[clientId]?.attachment;
      if (current) updateLocalSend(clientId, { attachment: { ...current, progress } });
    });
    mergeMessage(result.message);
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(0, "network", String(err));
    updateLocalSend(clientId, { state: "failed", error: { code: e.code, message: e.message } });
    throw e;
  }
}
