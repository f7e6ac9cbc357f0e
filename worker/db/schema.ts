// D1 schema (drizzle). D1 holds what is listed, searched and reported across conversations; each conversation's
// own messages live in its Durable Object. Migrations are generated from this file: `npm run db:generate`.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at").notNull();

export const workspaces = sqliteTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull().default("Europe/Madrid"),
  locale: text("locale").notNull().default("es"),
  createdAt: createdAt(),
});

export const agents = sqliteTable(
  "agents",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "supervisor", "agent"] }).notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>` */
    passwordHash: text("password_hash").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("agents_email_idx").on(t.email), index("agents_workspace_idx").on(t.workspaceId)],
);

/** Browser sessions; the cookie carries a random token, only its SHA-256 is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    agentId: text("agent_id").notNull().references(() => agents.id),
    workspaceId: text("workspace_id").notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_agent_idx").on(t.agentId)],
);

/** Personal API tokens (`Authorization: Bearer col_…`), stored hashed like sessions. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    agentId: text("agent_id").notNull().references(() => agents.id),
    workspaceId: text("workspace_id").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at"),
  },
  (t) => [index("api_tokens_agent_idx").on(t.agentId)],
);

/** Failed logins, for throttling by account and by client address. */
export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("login_failures_key_at_idx").on(t.key, t.at)],
);

/** A WhatsApp Business number. One deployment serves many numbers and workspaces, routed by phone_number_id. */
export const channels = sqliteTable(
  "channels",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    kind: text("kind", { enum: ["whatsapp"] }).notNull().default("whatsapp"),
    name: text("name").notNull(),
    phoneNumberId: text("phone_number_id").notNull(),
    displayNumber: text("display_number").notNull(),
    wabaId: text("waba_id").notNull(),
    /** Name of the Worker secret holding this number's access token (never the token itself). */
    tokenRef: text("token_ref").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("channels_phone_number_idx").on(t.phoneNumberId), index("channels_workspace_idx").on(t.workspaceId)],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    channelId: text("channel_id").notNull(),
    /** BSUID when Meta gives one, else wa_id: the same key the conversation id is derived from. */
    contactKey: text("contact_key").notNull(),
    waId: text("wa_id"),
    userId: text("user_id"),
    profileName: text("profile_name"),
    phone: text("phone"),
    attributes: text("attributes", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    firstSeenAt: integer("first_seen_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [
    uniqueIndex("contacts_channel_key_idx").on(t.channelId, t.contactKey),
    index("contacts_workspace_phone_idx").on(t.workspaceId, t.phone),
  ],
);

/** The listing index, projected from each conversation object through its outbox. `version` = the object's seq. */
export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    channelId: text("channel_id").notNull(),
    contactId: text("contact_id").notNull(),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    status: text("status", { enum: ["open", "pending", "snoozed", "resolved"] }).notNull(),
    assigneeId: text("assignee_id"),
    priority: text("priority", { enum: ["low", "normal", "high", "urgent"] }).notNull().default("normal"),
    lastMessageAt: integer("last_message_at"),
    lastMessagePreview: text("last_message_preview"),
    lastMessageKind: text("last_message_kind"),
    lastMessageDirection: text("last_message_direction"),
    lastInboundAt: integer("last_inbound_at"),
    unreadCount: integer("unread_count").notNull().default(0),
    createdAt: createdAt(),
    version: integer("version").notNull(),
  },
  (t) => [
    index("conversations_ws_activity_idx").on(t.workspaceId, t.lastMessageAt, t.id),
    index("conversations_ws_status_activity_idx").on(t.workspaceId, t.status, t.lastMessageAt),
    index("conversations_ws_assignee_activity_idx").on(t.workspaceId, t.assigneeId, t.lastMessageAt),
  ],
);

/** Append-only reporting events. The id is `<conversationId>:<seq>`, so re-projecting never double-counts. */
export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    kind: text("kind").notNull(),
    agentId: text("agent_id"),
    at: integer("at").notNull(),
    /** For durations (first response time in ms, …). */
    value: integer("value"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("events_ws_kind_at_idx").on(t.workspaceId, t.kind, t.at),
    index("events_conversation_at_idx").on(t.conversationId, t.at),
  ],
);

/** Approved WhatsApp templates per channel (synced from Meta in production, seeded in dev). */
export const templates = sqliteTable(
  "templates",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    channelId: text("channel_id").notNull(),
    name: text("name").notNull(),
    language: text("language").notNull(),
    category: text("category", { enum: ["MARKETING", "UTILITY", "AUTHENTICATION"] }).notNull(),
    status: text("status", { enum: ["APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED"] }).notNull(),
    header: text("header"),
    body: text("body").notNull(),
    headerParams: integer("header_params").notNull().default(0),
    bodyParams: integer("body_params").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("templates_channel_name_lang_idx").on(t.channelId, t.name, t.language)],
);

export const schema = { workspaces, agents, sessions, apiTokens, loginFailures, channels, contacts, conversations, events, templates };
