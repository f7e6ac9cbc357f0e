// Queries and actions of the inbox: list pages (fed into the realtime store), one conversation's view,
// templates, claim, mark read, and sending replies/notes/templates with an optimistic bubble.
import { action, json, query } from "@solidjs/router";
import { createStore } from "solid-js/store";
import type { ConversationSummary, WhatsAppTemplate } from "../../../shared/model";
import { ApiError, api } from "./api";
import { byTime } from "./merge";
import { addLocalSend, mergeMessage, mergeOlder, mergeRows, patchRow, realtime, seedConversation, updateLocalSend } from "./realtime";
import type { AssigneeFilter, StatusFilter } from "./types";

/** Keeps actions from invalidating every query: the realtime store already has the truth. */
const NO_REVALIDATE = { revalidate: "__none__" };

// ---------- conversation list ----------

export interface ListFilter {
  assignee: AssigneeFilter;
  status: StatusFilter;
}
const keyOf = (f: ListFilter) => `${f.assignee}:${f.status}`;
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

const fetchListPage = query((assignee: AssigneeFilter, status: StatusFilter, cursor: string | null) => api.listConversations({ assignee, status, cursor, limit: PAGE }), "conversations");

/** Loads the first page of a filter (or the next page when `more`), merging rows into the live store. */
export async function loadList(f: ListFilter, more = false): Promise<void> {
  const key = keyOf(f);
  const current = pages[key];
  if (current?.loading || (more && (current?.done || !current?.loaded))) return;
  if (!more && current?.loaded) return;
  setPages(key, { cursor: current?.cursor ?? null, done: current?.done ?? false, loaded: current?.loaded ?? false, loading: true, error: null });
  try {
    const page = await fetchListPage(f.assignee, f.status, more ? (current?.cursor ?? null) : null);
    mergeRows(page.items);
    setPages(key, { cursor: page.nextCursor, done: page.nextCursor === null, loading: false, loaded: true, error: null });
  } catch (err) {
    setPages(key, { loading: false, error: (err as Error).message });
  }
}

/** After a reconnect: the workspace socket has no replay, so re-read the top of every loaded filter. */
export async function resyncLists(): Promise<void> {
  await Promise.all(
    Object.keys(pages).map(async (key) => {
      const [assignee, status] = key.split(":") as [AssigneeFilter, StatusFilter];
      const page = await api.listConversations({ assignee, status, limit: PAGE }).catch(() => null);
      if (page) mergeRows(page.items);
    }),
  );
}

export function matchesFilter(row: ConversationSummary, f: ListFilter, meId: string): boolean {
  if (f.status !== "all" && row.status !== f.status) return false;
  if (f.assignee === "me") return row.assigneeId === meId;
  if (f.assignee === "unassigned") return row.assigneeId === null;
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
    });
    mergeMessage(result.message);
    return json(result, NO_REVALIDATE);
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(0, "network", String(err));
    updateLocalSend(clientId, { state: "failed", error: { code: e.code, message: e.message } });
    throw e;
  }
}, "send");
