// The typed HTTP client: the only place that knows the API's URLs. Every call resolves to the route's JSON
// or throws ApiError carrying the server's `{error, message, details}` (status 0 when the network failed).
import type { AssigneeFilter, ConversationViewResponse, ErrorBody, ListPage, Me, MessagePage, ReplyBody, ReplyResult, StatusFilter, TemplateList } from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

async function request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, "network", (err as Error).message);
  }
  const json = (await response.json().catch(() => null)) as (T & Partial<ErrorBody>) | null;
  if (response.ok && json) return json;
  const retryAfter = Number(response.headers.get("retry-after")) || undefined;
  throw new ApiError(response.status, json?.error ?? "http_error", json?.message ?? `HTTP ${response.status}`, json?.details, retryAfter);
}

const q = (params: Record<string, string | number | undefined | null>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : "";
};
const conv = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

export const api = {
  me: () => request<Me>("GET", "/api/auth/me"),
  login: (email: string, password: string) => request<{ agent: Me["agent"] }>("POST", "/api/auth/login", { email, password }),
  logout: () => request<{ ok: true }>("POST", "/api/auth/logout"),
  listConversations: (f: { assignee: AssigneeFilter; status: StatusFilter; cursor?: string | null; limit?: number }) =>
    request<ListPage>("GET", `/api/conversations${q({ assignee: f.assignee, status: f.status, cursor: f.cursor, limit: f.limit })}`),
  conversation: (id: string) => request<ConversationViewResponse>("GET", conv(id)),
  olderMessages: (id: string, before: { sentAt: number; seq: number }, limit = 50) =>
    request<MessagePage>("GET", `${conv(id)}/messages${q({ before: `${before.sentAt}:${before.seq}`, limit })}`),
  claim: (id: string) => request<{ assigneeId: string }>("POST", `${conv(id)}/claim`),
  markRead: (id: string) => request<{ unreadCount: 0 }>("POST", `${conv(id)}/read`),
  send: (id: string, body: ReplyBody) => request<ReplyResult>("POST", `${conv(id)}/messages`, body),
  templates: (channelId: string) => request<TemplateList>("GET", `/api/templates${q({ channelId })}`),
};

/** Where an image, audio or document of a message is served (used as `src`/`href`, never fetched by hand). */
export function mediaUrl(conversationId: string, messageId: string): string {
  return `${conv(conversationId)}/messages/${encodeURIComponent(messageId)}/media`;
}
