// The typed HTTP client: the only place that knows the API's URLs. Every call resolves to the route's JSON
// or throws ApiError carrying the server's `{error, message, details}` (status 0 when the network failed).
// Admin and contact calls live in admin.ts / contacts.ts on top of `request`, so the inbox's bundle stays small.
// Request and response types come from the routes' zod schemas in shared/api (types only: no zod in the bundle).
import type {
  AgentEntry, AssignBody, AssignResult, CannedReply, CannedReplyBody, ClaimResult, ConversationViewResponse, ErrorBody, HistoryQuery, Items, ListPage,
  ListQuery, LoginBody, Me, MessagePage, Ok, PriorityBody, PriorityResult, ReadResult, ReleaseResult, ReplyBody, ReplyResult, SessionStarted, StatusBody,
  StatusResult, TagChange, TagEntry, TagsResult, TeamEntry, TemplateList, TransferBody, TransferResult,
} from "./types";

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

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** `T`: what the route answers; `B`: the body it validates (its schema's input type), spelled at each call. */
export async function request<T, B = undefined>(method: Method, path: string, body?: B): Promise<T> {
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

export const q = (params: Record<string, string | number | undefined | null>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : "";
};
const conv = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;
const post = <T, B = undefined>(path: string, body?: B) => request<T, B>("POST", path, body);

export const api = {
  me: () => request<Me>("GET", "/api/auth/me"),
  login: (email: string, password: string) => post<SessionStarted, LoginBody>("/api/auth/login", { email, password }),
  logout: () => post<Ok>("/api/auth/logout"),
  listConversations: (f: ListQuery) =>
    request<ListPage>("GET", `/api/conversations${q({ assignee: f.assignee, status: f.status, teamId: f.teamId, tagId: f.tagId, priority: f.priority, q: f.q, cursor: f.cursor, limit: f.limit } satisfies ListQuery)}`),
  conversation: (id: string) => request<ConversationViewResponse>("GET", conv(id)),
  olderMessages: (id: string, before: { sentAt: number; seq: number }, limit = 50) =>
    request<MessagePage>("GET", `${conv(id)}/messages${q({ before: `${before.sentAt}:${before.seq}`, limit } satisfies HistoryQuery)}`),
  claim: (id: string) => post<ClaimResult>(`${conv(id)}/claim`),
  release: (id: string) => post<ReleaseResult>(`${conv(id)}/release`),
  transfer: (id: string, body: TransferBody) => post<TransferResult, TransferBody>(`${conv(id)}/transfer`, body),
  assign: (id: string, agentId: AssignBody["agentId"]) => post<AssignResult, AssignBody>(`${conv(id)}/assign`, { agentId }),
  setStatus: (id: string, body: StatusBody) => post<StatusResult, StatusBody>(`${conv(id)}/status`, body),
  setPriority: (id: string, priority: PriorityBody["priority"]) => post<PriorityResult, PriorityBody>(`${conv(id)}/priority`, { priority }),
  changeTags: (id: string, change: TagChange) => post<TagsResult, TagChange>(`${conv(id)}/tags`, change),
  markRead: (id: string) => post<ReadResult>(`${conv(id)}/read`),
  send: (id: string, body: ReplyBody) => post<ReplyResult, ReplyBody>(`${conv(id)}/messages`, body),
  templates: (channelId?: string) => request<TemplateList>("GET", `/api/templates${q({ channelId })}`),
  agents: () => request<Items<AgentEntry>>("GET", "/api/agents"),
  teams: () => request<Items<TeamEntry>>("GET", "/api/teams"),
  tags: () => request<Items<TagEntry>>("GET", "/api/tags"),
  cannedReplies: () => request<Items<CannedReply>>("GET", "/api/canned-replies"),
  addPersonalCanned: (body: CannedReplyBody) => post<CannedReply, CannedReplyBody>("/api/canned-replies/personal", body),
  updatePersonalCanned: (id: string, body: CannedReplyBody) => request<CannedReply, CannedReplyBody>("PUT", `/api/canned-replies/personal/${encodeURIComponent(id)}`, body),
  deletePersonalCanned: (id: string) => request<Ok>("DELETE", `/api/canned-replies/personal/${encodeURIComponent(id)}`),
};

/**
 * Uploads a file as a message (multipart). XMLHttpRequest rather than fetch: only it reports upload progress.
 * `onProgress` gets 0…1; resolves with the stored message or throws ApiError like `request`.
 */
export function uploadAttachment(conversationId: string, input: { file: File; caption?: string; clientId: string }, onProgress: (fraction: number) => void): Promise<ReplyResult> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.set("file", input.file);
    if (input.caption) form.set("caption", input.caption);
    form.set("clientId", input.clientId);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${conv(conversationId)}/attachments`);
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, "network", "The upload could not reach the server."));
    xhr.onload = () => {
      let json: (ReplyResult & Partial<ErrorBody>) | null = null;
      try {
        json = JSON.parse(xhr.responseText) as ReplyResult & Partial<ErrorBody>;
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300 && json) resolve(json);
      else reject(new ApiError(xhr.status, json?.error ?? "http_error", json?.message ?? `HTTP ${xhr.status}`, json?.details));
    };
    xhr.send(form);
  });
}

/** Where an image, audio or document of a message is served (used as `src`/`href`, never fetched by hand). */
export function mediaUrl(conversationId: string, messageId: string): string {
  return `${conv(conversationId)}/messages/${encodeURIComponent(messageId)}/media`;
}
