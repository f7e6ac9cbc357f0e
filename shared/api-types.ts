// Response and request shapes of the JSON API (worker/api/*.ts) as clients read them, built on shared/model.ts.
// Types only (no runtime code). The inbox imports them today; the Worker's routes can adopt them later.
import type { ConversationState, ConversationStatus, ConversationSummary, Message, Priority, Role, WhatsAppTemplate } from "./model";
import type { PresenceState } from "./protocol";
import type { RoutingRule } from "./routing";

// ---------- auth ----------

export interface Me {
  agent: { id: string; name: string; email: string; role: Role; workspaceId: string };
  workspace: { id: string; name: string; timezone: string; locale: string };
}

export interface InviteInfo {
  email: string;
  name: string;
  role: Role;
  workspaceName: string;
  expiresAt: number;
}

// ---------- conversations ----------

export type AssigneeFilter = "me" | "unassigned" | "any";
export type StatusFilter = ConversationStatus | "all";

export interface ListQuery {
  assignee: AssigneeFilter;
  status: StatusFilter;
  teamId?: string | null;
  tagId?: string | null;
  priority?: Priority | null;
  /** Contact name, phone or last message contains this (server-side). */
  q?: string | null;
  cursor?: string | null;
  limit?: number;
}

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
  /** Agent ids @mentioned in a note (only with private: true). */
  mentions?: string[];
  template?: { name: string; language: string; params: string[]; headerParams?: string[] };
}

export interface ReplyResult {
  message: Message;
  duplicate: boolean;
}

export interface TransferBody {
  agentId?: string;
  teamId?: string;
  note?: string;
}

export interface StatusBody {
  status: "open" | "snoozed" | "resolved";
  /** ms since epoch; required to snooze. */
  snoozedUntil?: number;
}

export interface TemplateList {
  items: WhatsAppTemplate[];
}

// ---------- directory (any member) ----------

export interface AgentEntry {
  id: string;
  name: string;
  email: string;
  role: Role;
  capacity: number;
  active: boolean;
  teamIds: string[];
  presence: PresenceState;
  /** Open conversations assigned to this person, when the server reports it. */
  openCount?: number;
}

export interface TeamEntry {
  id: string;
  name: string;
  memberIds: string[];
}

export interface TagEntry {
  id: string;
  name: string;
  /** "#rrggbb" */
  color: string;
}

export interface CannedReply {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  /** Only its author sees it. */
  personal: boolean;
}

export interface CannedReplyBody {
  shortcut: string;
  title: string;
  body: string;
}

export interface Items<T> {
  items: T[];
}

// ---------- contacts ----------

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

export interface ContactPatch {
  name?: string | null;
  notes?: string | null;
  attributes?: Record<string, string>;
}

// ---------- admin ----------

export interface InviteBody {
  email: string;
  name: string;
  role: Role;
  teamIds: string[];
}

export interface InviteCreated {
  url: string;
  token: string;
  expiresAt: number;
}

export interface AgentPatch {
  role?: Role;
  name?: string;
  capacity?: number;
  teamIds?: string[];
}

export interface TeamBody {
  name: string;
  memberIds: string[];
}

export type RuleRecord = RoutingRule;
export type RuleBody = Omit<RoutingRule, "id">;

export interface TagBody {
  name: string;
  color: string;
}

export type RoutingPolicy = "manual" | "round_robin" | "least_busy";

export interface WorkspaceSettings {
  id: string;
  name: string;
  timezone: string;
  locale: string;
  /** null: conversations never go back to the queue for lack of an answer. */
  returnAfterSeconds: number | null;
  unattendedAfterSeconds: number;
  offlineGraceSeconds: number;
  agentsSeeAll: boolean;
}

export interface ChannelSettings {
  id: string;
  name: string;
  displayNumber: string;
  routingPolicy: RoutingPolicy;
  defaultTeamId: string | null;
}

export interface SettingsResponse {
  workspace: WorkspaceSettings;
  channels: ChannelSettings[];
}

export type SettingsPatch = Partial<Pick<WorkspaceSettings, "returnAfterSeconds" | "unattendedAfterSeconds" | "offlineGraceSeconds" | "agentsSeeAll" | "timezone">>;

export interface ChannelPatch {
  routingPolicy?: RoutingPolicy;
  defaultTeamId?: string | null;
}

// ---------- errors ----------

/** `{error, message, details?}` from worker/http-errors.ts. */
export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

export type { Priority };
