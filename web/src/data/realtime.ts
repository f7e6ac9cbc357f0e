// The one realtime store: the conversation list (workspace socket) and the open conversation (its own socket),
// fed by partysocket with gap-free catch-up (`?since=<seq>` on every reconnect). Components read it, never write it.
import { PartySocket } from "partysocket";
import { createSignal } from "solid-js";
import { createStore, produce, reconcile } from "solid-js/store";
import type { ConversationState, ConversationSummary, Message } from "../../../shared/model";
import type { ConversationServerFrame, WorkspaceServerFrame } from "../../../shared/protocol";
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
  createdAt: number;
  state: "sending" | "failed";
  error?: { code: string; message: string };
}

interface RealtimeState {
  rows: Record<string, ConversationSummary>;
  conversations: Record<string, ConversationCache>;
  presence: Record<string, Viewer[]>;
  localSends: Record<string, LocalSend>;
  /** Conversations this agent can no longer open (claimed by someone else): id → true. */
  lost: Record<string, boolean>;
}

const [state, setState] = createStore<RealtimeState>({ rows: {}, conversations: {}, presence: {}, localSends: {}, lost: {} });
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

// Same values as CLOSE_UNAUTHORIZED / CLOSE_FORBIDDEN in shared/protocol.ts; importing that module's values
// would pull zod (its frame schemas) into the inbox bundle, so only its types are imported here.
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;
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
let onWorkspaceReconnect: (() => void) | null = null;

/** Opens the live list for this workspace. `resync` runs after every reconnect (frames sent while away are gone). */
export function connectWorkspace(workspaceId: string, resync: () => void): () => void {
  workspaceSocket?.close();
  onWorkspaceReconnect = resync;
  let opened = false;
  const socket = new PartySocket({
    host: location.host,
    protocol: wsProtocol(),
    party: "workspace",
    room: workspaceId,
    shouldReconnectOnClose: terminal,
    maxReconnectionDelay: 5000,
  });
  workspaceSocket = socket;
  socket.addEventListener("open", () => {
    setWorkspaceUp(true);
    if (opened) onWorkspaceReconnect?.();
    opened = true;
  });
  socket.addEventListener("close", (e) => {
    if (e.code === CLOSE_UNAUTHORIZED) setAuthLost(true);
    if (opened) setWorkspaceUp(false);
  });
  socket.addEventListener("message", (e) => {
    const frame = parse<WorkspaceServerFrame>(e.data);
    if (frame?.type !== "conversations") return;
    mergeRows(frame.items, true);
    dropRows(frame.hidden);
  });
  return () => {
    socket.close();
    if (workspaceSocket === socket) workspaceSocket = null;
    setWorkspaceUp(true);
  };
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
  if (state.localSends[clientId]) setState("localSends", produce((sends) => void delete sends[clientId]));
}

export const settleLocalSend = settleLocal;

function parse<T>(data: unknown): T | null {
  try {
    return typeof data === "string" ? (JSON.parse(data) as T) : null;
  } catch {
    return null;
  }
}
