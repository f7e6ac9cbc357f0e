// The settings area's data: people and invitations, teams, routing rules, tags, workspace canned replies,
// templates, workspace settings and personal API tokens. Only the lazily loaded settings pages import this module.
import type { HeaderMediaUploaded, HeaderSampleBody } from "../../../shared/api/templates";
import { ApiError, q, request } from "./api";
import { loadCanned, loadDirectory } from "./directory";
import type {
  AcceptInviteBody, AgentPatch, ApiTokenCreated, ApiTokenEntry, CannedReply, CannedReplyBody, ChannelPatch, InviteBody, InviteCreated, InviteInfo, Items, Ok, PasswordChangeBody, RuleBody,
  RuleRecord, SessionEntry, SessionsEnded, SessionStarted, SettingsPatch, SettingsResponse, TagBody, TagEntry, TeamBody, TeamEntry, TemplateList, TokenBody,
  CreateTemplateBody, SyncTemplatesBody, TemplateCreated, TemplateSyncResult, ChannelEntry, AuditPage,
  ResetLinkCreated, ResetLinkInfo, ResetPasswordBody, TwoFactorDisableBody, TwoFactorSetup, TwoFactorStatus,
} from "./types";

const admin = (path: string) => `/api/admin${path}`;
const id = (value: string) => encodeURIComponent(value);

export const adminApi = {
  invite: (body: InviteBody) => request<InviteCreated, InviteBody>("POST", admin("/invites"), body),
  patchAgent: (agentId: string, body: AgentPatch) => request<Ok, AgentPatch>("PATCH", admin(`/agents/${id(agentId)}`), body),
  deactivate: (agentId: string) => request<Ok>("POST", admin(`/agents/${id(agentId)}/deactivate`)),
  reactivate: (agentId: string) => request<Ok>("POST", admin(`/agents/${id(agentId)}/reactivate`)),
  resetLink: (agentId: string) => request<ResetLinkCreated>("POST", admin(`/agents/${id(agentId)}/reset-link`)),
  resetTwoFactor: (agentId: string) => request<SessionsEnded>("POST", admin(`/agents/${id(agentId)}/reset-2fa`)),
  createTeam: (body: TeamBody) => request<TeamEntry, TeamBody>("POST", admin("/teams"), body),
  updateTeam: (teamId: string, body: TeamBody) => request<TeamEntry, TeamBody>("PUT", admin(`/teams/${id(teamId)}`), body),
  deleteTeam: (teamId: string) => request<Ok>("DELETE", admin(`/teams/${id(teamId)}`)),
  rules: () => request<Items<RuleRecord>>("GET", admin("/rules")),
  createRule: (body: RuleBody) => request<RuleRecord, RuleBody>("POST", admin("/rules"), body),
  updateRule: (ruleId: string, body: RuleBody) => request<RuleRecord, RuleBody>("PUT", admin(`/rules/${id(ruleId)}`), body),
  deleteRule: (ruleId: string) => request<Ok>("DELETE", admin(`/rules/${id(ruleId)}`)),
  createTag: (body: TagBody) => request<TagEntry, TagBody>("POST", admin("/tags"), body),
  updateTag: (tagId: string, body: TagBody) => request<TagEntry, TagBody>("PUT", admin(`/tags/${id(tagId)}`), body),
  deleteTag: (tagId: string) => request<Ok>("DELETE", admin(`/tags/${id(tagId)}`)),
  createCanned: (body: CannedReplyBody) => request<CannedReply, CannedReplyBody>("POST", admin("/canned-replies"), body),
  updateCanned: (cannedId: string, body: CannedReplyBody) => request<CannedReply, CannedReplyBody>("PUT", admin(`/canned-replies/${id(cannedId)}`), body),
  deleteCanned: (cannedId: string) => request<Ok>("DELETE", admin(`/canned-replies/${id(cannedId)}`)),
  settings: () => request<SettingsResponse>("GET", admin("/settings")),
  patchSettings: (body: SettingsPatch) => request<Ok, SettingsPatch>("PATCH", admin("/settings"), body),
  patchChannel: (channelId: string, body: ChannelPatch) => request<Ok, ChannelPatch>("PATCH", admin(`/channels/${id(channelId)}`), body),
  templates: () => request<TemplateList>("GET", "/api/templates"),
  channels: async () => (await request<Items<ChannelEntry>>("GET", "/api/channels")).items,
  createTemplate: (body: CreateTemplateBody) => request<TemplateCreated, CreateTemplateBody>("POST", "/api/templates", body),
  syncTemplates: (body: SyncTemplatesBody) => request<TemplateSyncResult, SyncTemplatesBody>("POST", "/api/templates/sync", body),
  deleteTemplate: (templateId: string) => request<Ok>("DELETE", `/api/templates/${id(templateId)}`),
  keepHeaderSample: (templateId: string, body: HeaderSampleBody) => request<TemplateCreated, HeaderSampleBody>("PUT", `/api/templates/${id(templateId)}/header-media`, body),
  /** A media header's sample file (multipart): kept by Colmena and uploaded to Meta, answering the handle. */
  async uploadHeaderMedia(channelId: string, file: File): Promise<HeaderMediaUploaded> {
    const form = new FormData();
    form.append("file", file);
    let response: Response;
    try {
      response = await fetch(`/api/templates/header-media${q({ channelId })}`, { method: "POST", credentials: "same-origin", headers: { accept: "application/json" }, body: form });
    } catch (err) {
      throw new ApiError(0, "network", (err as Error).message);
    }
    const json = (await response.json().catch(() => null)) as (HeaderMediaUploaded & { error?: string; message?: string; details?: unknown }) | null;
    if (response.ok && json) return json;
    throw new ApiError(response.status, json?.error ?? "http_error", json?.message ?? `HTTP ${response.status}`, json?.details);
  },
  audit: (filters: AuditFilters, cursor: string | null) => request<AuditPage>("GET", admin(`/audit${q({ ...filters, cursor })}`)),
  /** The whole filtered log as CSV, for a plain download link (the session cookie authenticates it). */
  auditCsvUrl: (filters: AuditFilters) => admin(`/audit.csv${q(filters)}`),
};

/** The audit log's filters; `from`/`to` in epoch milliseconds. */
export type AuditFilters = {
  action?: string;
  actorId?: string;
  from?: number;
  to?: number;
};

/** Runs an edit, then refreshes what the inbox shows from the directory. */
export async function thenRefresh<T>(work: Promise<T>, parts: Array<"agents" | "teams" | "tags" | "canned">): Promise<T> {
  const result = await work;
  await Promise.all([
    loadDirectory(parts.filter((p): p is "agents" | "teams" | "tags" => p !== "canned")),
    parts.includes("canned") ? loadCanned(true) : Promise.resolve(),
  ]);
  return result;
}

// ---------- personal API tokens (any role, one's own) ----------

export const tokenApi = {
  list: () => request<Items<ApiTokenEntry>>("GET", "/api/auth/tokens"),
  create: (body: TokenBody) => request<ApiTokenCreated, TokenBody>("POST", "/api/auth/tokens", body),
  revoke: (tokenId: string) => request<Ok>("DELETE", `/api/auth/tokens/${id(tokenId)}`),
};

// ---------- one's account: password and sessions (session only, never a token) ----------

export const accountApi = {
  changePassword: (body: PasswordChangeBody) => request<SessionsEnded, PasswordChangeBody>("POST", "/api/auth/password", body),
  sessions: () => request<Items<SessionEntry>>("GET", "/api/auth/sessions"),
  endSession: (sessionId: string) => request<Ok>("DELETE", `/api/auth/sessions/${id(sessionId)}`),
  logoutEverywhere: () => request<SessionsEnded>("POST", "/api/auth/logout-everywhere"),
  twoFactor: () => request<TwoFactorStatus>("GET", "/api/auth/2fa"),
  twoFactorSetup: () => request<TwoFactorSetup>("POST", "/api/auth/2fa/setup"),
  twoFactorEnable: (code: string) => request<Ok, { code: string }>("POST", "/api/auth/2fa/enable", { code }),
  twoFactorDisable: (body: TwoFactorDisableBody) => request<Ok, TwoFactorDisableBody>("POST", "/api/auth/2fa/disable", body),
};

// ---------- password reset links (public) ----------

export const resetApi = {
  get: (token: string) => request<ResetLinkInfo>("GET", `/api/auth/reset/${id(token)}`),
  use: (token: string, body: ResetPasswordBody) => request<SessionsEnded, ResetPasswordBody>("POST", `/api/auth/reset/${id(token)}`, body),
};

// ---------- invitations (public) ----------

export const inviteApi = {
  get: (token: string) => request<InviteInfo>("GET", `/api/auth/invites/${id(token)}`),
  accept: (token: string, body: AcceptInviteBody) => request<SessionStarted, AcceptInviteBody>("POST", `/api/auth/invites/${id(token)}/accept`, body),
};
