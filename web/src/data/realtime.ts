// The one realtime store: the conversation list (workspace socket) and the open conversation (its own socket),
// fed by partysocket with gap-free catch-up (`?since=<seq>` on every reconnect). Components read it, never write it.
import { PartySocket } from "partysocket";
import { createSignal } from "solid-js";
import { createStore, produce, reconcile } from "solid-js/store";
import type { ConversationState, ConversationSummary, MediaKind, Message } from "../../../shared/model";
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED, type ConversationServerFrame, type ListCounts, type PresenceState, type WorkspaceServerFrame } from "../../../shared/protocol";
import { applyConversationFrame, type ConversationCache, emptyCache, upsertMessage, upsertRow } from "./merge";

export interface Viewer {
  agentId: string;
  name: string;
  typing: boolean;
}

/** A reply typed here that the server has not confirmed yet (or refused). Reconciled by clientId. */
export interface LocalSend {
  clientId: string;
  conversationId: string;
  text: string;
  private: boolean;
  template?: { name: string; language: string; params: string[] };
  /** A file being uploaded: shown as a bubble with progress until the stored message replaces it. */
  attachment?: { file: File; kind: MediaKind; previewUrl: string | null; progress: number };
  createdAt: number;
  state: "sending" | "failed";
  error?: { code: string; message: string };
}

interface RealtimeState {
  rows: Record<string, ConversationSummary>;
  conversations: Record<string, ConversationCache>;
  presence: Record<string, Viewer[]>;
  /** What the assistant is writing in each conversation right now (model mode streams it; "" or absent: nothing). */
  botDraft: Record<string, string>;
  localSends: Record<string, LocalSend>;
  /** Conversations this agent can no longer open (claimed by someone else): id → true. */
  lost: Record<string, boolean>;
  /** Live filter counts from the workspace object (null until the first frame). */
  counts: ListCounts | null;
  /** Online / away / offline per person, live. */
  agentPresence: Record<string, PresenceState>;
  /** Supervisors: customers waiting longer than the workspace's threshold. */
  unattended: Unattended[];
}

export type Unattended = Extract<WorkspaceServerFrame, { type: "alerts" }>["unattended"][number];
export type WorkspaceEvent = Extract<WorkspaceServerFrame, { type: "mention" | "returned" | "channel_alert" | "sla" | "template" }>;

const [state, setState] = createStore<RealtimeState>({ rows: {}, conversations: {}, presence: {}, botDraft: {}, localSends: {}, lost: {}, counts: null, agentPresence: {}, unattended: [] });
/** Read-only view for components. */
export const realtime = state;

// ---------- connection status ----------

const [workspaceUp, setWorkspaceUp] = createSignal(true);
const [conversationUp, setConversationUp] = createSignal(true);
const [authLost, setAuthLost] = createSignal(false);
/** False while a socket that was open is reconnecting (the "Sin conexión" banner). */
export const isOnline = () => workspaceUp() && conversationUp();
/** The session ended (socket closed with 4401): the app sends the agent to the login page. */
export const sessionExpired = authLost;

const terminal = (e: CloseEvent) => e.code !== CLOSE_UNAUTHORIZED && e.code !== CLOSE_FORBIDDEN;
const wsProtocol = (): "ws" | "wss" => (location.protocol === "https:" ? "wss" : "ws");

// ---------- list rows ----------

type RowListener = (changes: Array<{ before: ConversationSummary | undefined; after: ConversationSummary }>) => void;
const rowListeners = new Set<RowListener>();
/** Called with every live row change (notifications, title badge). */
export function onLiveRows(listener: RowListener): () => void {
  rowListeners.add(listener);
  return () => rowListeners.delete(listener);
}

export function mergeRows(items: ConversationSummary[], live = false): void {
  const changes: Array<{ before: ConversationSummary | undefined; after: ConversationSummary }> = [];
  setState(
    "rows",
    produce((rows) => {
      for (const item of items) {
        const before = rows[item.id] ? { ...rows[item.id]! } : undefined;
        if (upsertRow(rows, item)) changes.push({ before, after: item });
      }
    }),
  );
  if (live && changes.length) for (const l of rowListeners) l(changes);
}

function dropRows(ids: string[]): void {
  if (!ids.length) return;
  setState(
    "rows",
    produce((rows) => {
      for (const id of ids) delete rows[id];
    }),
  );
}

/** A row changed locally (read, claimed) before the server's frame arrives; the frame's newer version wins later. */
export function patchRow(id: string, patch: Partial<ConversationSummary>): void {
  if (state.rows[id]) setState("rows", id, patch);
}

// ---------- workspace socket ----------

let workspaceSocket: PartySocket | null = null;
/** The newest list cursor seen; a reconnect asks for every row changed after it (`?since=`). */
let listCursor = 0;
const eventListeners = new Set<(event: WorkspaceEvent) => void>();
/** Mentions of this agent; for supervisors, conversations sent back to the queue and problems with a number. */
export function onWorkspaceEvent(listener: (event: WorkspaceEvent) => void): () => void {
  eventListeners.add(listener);
  return () => eventListeners.delete(listener);
}

/** Seeds presence from the directory (REST); live frames replace it. */
export function seedPresence(entries: Array<{ id: string; presence: PresenceState }>): void {
  if (Object.keys(state.agentPresence).length) return;
  setState("agentPresence", Object.fromEntries(entries.map((e) => [e.id, e.presence])));
}

/**
 * Opens the live list for this workspace. Reconnects catch up from the last cursor; `resync` (re-reading the
 * loaded filters over REST) runs only when no cursor was seen yet, so nothing changed while away is missed.
 */
export function connectWorkspace(workspaceId: string, resync: () => void): () => void {
  workspaceSocket?.close();
  let opened = false;
  let askedSince = 0;
  const socket = new PartySocket({
    host: location.host,
    protocol: wsProtocol(),
    party: "workspace",
    room: workspaceId,
    // Evaluated on every (re)connect.
    query: async () => {
      askedSince = listCursor;
      return listCursor ? { since: String(listCursor) } : {};
    },
    shouldReconnectOnClose: terminal,
    maxReconnectionDelay: 5000,
  });
  workspaceSocket = socket;
  socket.addEventListener("open", () => {
    setWorkspaceUp(true);
    if (opened && !askedSince) resync();
    opened = true;
  });
  socket.addEventListener("close", (e) => {
    if (e.code === CLOSE_UNAUTHORIZED) setAuthLost(true);
    if (opened) setWorkspaceUp(false);
  });
  socket.addEventListener("message", (e) => {
    const frame = parse<WorkspaceServerFrame>(e.data);
    if (!frame) return;
    switch (frame.type) {
      case "conversations":
        mergeRows(frame.items, true);
        dropRows(frame.hidden);
        listCursor = Math.max(listCursor, frame.cursor);
        return;
      case "counts":
        setState("counts", reconcile(frame.counts));
        return;
      case "presence":
        setState("agentPresence", reconcile(Object.fromEntries(frame.agents.map((a) => [a.agentId, a.state]))));
        return;
      case "alerts":
        setState("unattended", reconcile(frame.unattended, { key: "conversationId" }));
        return;
      case "mention":
      case "returned":
      case "channel_alert":
      case "sla":
      case "template":
        for (const l of eventListeners) l(frame);
        return;
    }
  });
  return () => {
    socket.close();
    if (workspaceSocket === socket) workspaceSocket = null;
    setWorkspaceUp(true);
  };
}

/** Away: no new conversations are routed to me (the server remembers it across reconnects). */
export function setMyPresence(next: "online" | "away"): boolean {
  if (workspaceSocket?.readyState !== WebSocket.OPEN) return false;
  workspaceSocket.send(JSON.stringify({ type: "presence", state: next }));
  return true;
}

// ---------- conversation socket ----------

let conversationSocket: { id: string; socket: PartySocket } | null = null;

function cacheOf(id: string): ConversationCache {
  if (!state.conversations[id]) setState("conversations", id, emptyCache());
  return state.conversations[id]!;
}

/** Opens the live conversation: snapshot first time, then only the changes after the last seq seen. */
export function openConversation(id: string): () => void {
  cacheOf(id);
  conversationSocket?.socket.close();
  let opened = false;
  const socket = new PartySocket({
    host: location.host,
    protocol: wsProtocol(),
    party: "conversation",
    room: id,
    // Evaluated on every (re)connect: the server replays exactly the gap after this seq.
    query: async () => ({ since: String(state.conversations[id]?.seq ?? 0) }),
    shouldReconnectOnClose: terminal,
    maxReconnectionDelay: 5000,
  });
  conversationSocket = { id, socket };
  socket.addEventListener("open", () => {
    opened = true;
    setConversationUp(true);
  });
  socket.addEventListener("close", (e) => {
    if (e.code === CLOSE_UNAUTHORIZED) setAuthLost(true);
    if (e.code === CLOSE_FORBIDDEN) {
      setState("lost", id, true);
      dropRows([id]);
      setConversationUp(true);
      return;
    }
    if (opened) setConversationUp(false);
  });
  socket.addEventListener("message", (e) => {
    const frame = parse<ConversationServerFrame>(e.data);
    if (!frame) return;
    if (frame.type === "presence") setState("presence", id, reconcile(frame.viewers));
    else if (frame.type === "bot_draft") setState("botDraft", id, frame.text);
    else if (frame.type === "snapshot" || frame.type === "changes" || frame.type === "message" || frame.type === "conversation") {
      setState("conversations", id, produce((cache) => applyConversationFrame(cache, frame)));
      if (frame.type === "message" && frame.message.clientId) settleLocal(frame.message.clientId);
      if (frame.type === "snapshot" || frame.type === "changes") for (const m of frame.messages) if (m.clientId) settleLocal(m.clientId);
    }
  });
  return () => {
    socket.close();
    if (conversationSocket?.socket === socket) conversationSocket = null;
    setConversationUp(true);
  };
}

/** Tells the others in the room that this agent is (not) typing. Ephemeral; dropped while offline. */
export function sendTyping(id: string, typing: boolean): void {
  const current = conversationSocket;
  if (current?.id === id && current.socket.readyState === WebSocket.OPEN) current.socket.send(JSON.stringify({ type: "typing", typing }));
}

/** The REST view arrived before the socket: show it until the socket's state (same or newer) replaces it. */
export function seedConversation(conversation: ConversationState): void {
  const cache = cacheOf(conversation.id);
  if (!cache.conversation || cache.conversation.seq < conversation.seq) setState("conversations", conversation.id, "conversation", conversation);
}

/** Older history fetched over REST; never moves `seq` (that only follows the socket). */
export function mergeOlder(id: string, messages: Message[], hasMore: boolean): void {
  cacheOf(id);
  setState(
    "conversations",
    id,
    produce((cache) => {
      for (const m of messages) upsertMessage(cache.messages, m);
      cache.hasMore = hasMore;
    }),
  );
}

export function mergeMessage(message: Message): void {
  cacheOf(message.conversationId);
  setState("conversations", message.conversationId, "messages", produce((messages) => void upsertMessage(messages, message)));
  if (message.clientId) settleLocal(message.clientId);
}

export function forgetLost(id: string): void {
  setState("lost", id, undefined!);
}

// ---------- optimistic sends ----------

export function addLocalSend(send: LocalSend): void {
  setState("localSends", send.clientId, send);
}

export function updateLocalSend(clientId: string, patch: Partial<LocalSend>): void {
  if (state.localSends[clientId]) setState("localSends", clientId, patch);
}

function settleLocal(clientId: string): void {
  const send = state.localSends[clientId];
  if (!send) return;
  if (send.attachment?.previewUrl) URL.revokeObjectURL(send.attachment.previewUrl);
  setState("localSends", produce((sends) => void delete sends[clientId]));
}

export const settleLocalSend = settleLocal;

function parse<T>(data: unknown): T | null {
  try {
    return typeof data === "string" ? (JSON.parse(data) as T) : null;
  } catch {
    return null;
  }
}
