// D1 schema (drizzle). D1 holds what is listed, searched and reported across conversations; each conversation's
// own messages live in its Durable Object. Migrations are generated from this file: `npm run db:generate`.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { BusinessHours } from "./business-hours";
import type { RuleActions, RuleConditions } from "./routing";
import { TEMPLATE_STATUSES } from "./model";
import type { SlaClock } from "./sla";

const createdAt = () => integer("created_at").notNull();

export const workspaces = sqliteTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull().default("Europe/Madrid"),
  locale: text("locale").notNull().default("es"),
  /** A customer waiting this long for the assignee's answer sends the conversation back to the queue (null: off). */
  returnAfterSeconds: integer("return_after_seconds"),
  /** Waiting longer than this flags the conversation to supervisors. */
  unattendedAfterSeconds: integer("unattended_after_seconds").notNull().default(600),
  /** An agent whose last socket closed is offline after this grace (a page reload is not "offline"). */
  offlineGraceSeconds: integer("offline_grace_seconds").notNull().default(90),
  /** Agents may see every conversation, not only their own, unassigned and their teams'. */
  agentsSeeAll: integer("agents_see_all", { mode: "boolean" }).notNull().default(false),
  /** Weekly opening hours and holidays in `timezone` (shared/business-hours.ts); null: never configured. */
  businessHours: text("business_hours", { mode: "json" }).$type<BusinessHours>(),
  /** AI intent routing: a new conversation goes to the team the assistant names with at least this confidence (1–100 %); null: off, rules only. */
  aiRoutingConfidence: integer("ai_routing_confidence"),
  /** Words that opt a customer out of marketing (shared/opt-out.ts); null: the defaults (BAJA, STOP, …). */
  optOutKeywords: text("opt_out_keywords", { mode: "json" }).$type<string[]>(),
  /** ISO 3166 country (e.g. "ES", "MX"): the default calling code for numbers typed without one. */
  country: text("country").notNull().default("ES"),
  /** Resolved conversations' messages and files are deleted after this many days (null: kept). */
  retentionDays: integer("retention_days"),
  /** Admins and supervisors must sign in with a second factor (TOTP). */
  requireTwoFactor: integer("require_two_factor", { mode: "boolean" }).notNull().default(false),
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
    /** Most open conversations the router gives this person at once. */
    capacity: integer("capacity").notNull().default(8),
    /** TOTP secret, encrypted with the deployment's key (null: no second factor enrolled). */
    totpSecretEnc: text("totp_secret_enc"),
    totpEnabledAt: integer("totp_enabled_at"),
    /** The last TOTP time step accepted: a code is never accepted twice. */
    totpLastStep: integer("totp_last_step"),
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
    /** Last request seen (written at most every few minutes): a session idle for 12 h ends. */
    lastSeenAt: integer("last_seen_at"),
    /** The browser it was opened from, shortened, so a person can recognise it in their sessions list. */
    userAgent: text("user_agent"),
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
    /** What the token may do: "read", "reply", "admin" (comma-separated). Tokens made before scopes existed had all. */
    scopes: text("scopes").notNull().default("read,reply,admin"),
    /** Last request made with it (written at most every minute). */
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [index("api_tokens_agent_idx").on(t.agentId)],
);

/** Failed logins, for throttling by account and by client address. No longer written: durable/login-throttle.ts counts them. */
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
    /** manual: nobody is auto-assigned; round_robin / least_busy among online agents with free capacity. */
    routingPolicy: text("routing_policy", { enum: ["manual", "round_robin", "least_busy"] }).notNull().default("round_robin"),
    /** Team new conversations of this number go to when no rule says otherwise. */
    defaultTeamId: text("default_team_id"),
    /** When the assistant answers this number: always, only outside business hours, or never (stored; the bot reads it). */
    botMode: text("bot_mode", { enum: ["always", "outside_hours", "never"] }).notNull().default("never"),
    /** Sent to the customer when the bot hands over to a person (null: the product's default wording). */
    botHandoffMessage: text("bot_handoff_message"),
    /** The bot's first words in a new conversation (null: no greeting). */
    botGreeting: text("bot_greeting"),
    /** Bot replies per day on this number before it hands everything to people (null: no limit). */
    botDailyReplyLimit: integer("bot_daily_reply_limit"),
    /** Ask for a satisfaction rating (three buttons) when a conversation is resolved inside the 24-hour window. */
    csatEnabled: integer("csat_enabled", { mode: "boolean" }).notNull().default(false),
    /** The survey's question, button titles (good, okay, bad) and thank-you (null: the product's wording). */
    csatQuestion: text("csat_question"),
    csatLabels: text("csat_labels", { mode: "json" }).$type<[string, string, string]>(),
    csatThanks: text("csat_thanks"),
    /** The access token, encrypted with the deployment's key (null: read from the Worker secret named by token_ref). */
    accessTokenEnc: text("access_token_enc"),
    /** The token's last 4 characters, to recognise it (the token itself is never returned). */
    tokenLast4: text("token_last4"),
    /** A disabled number's webhooks are answered and ignored, and nothing is sent from it. */
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** What the Graph API said when the number was last checked. */
    verifiedName: text("verified_name"),
    qualityRating: text("quality_rating"),
    messagingTier: text("messaging_tier"),
    checkedAt: integer("checked_at"),
    /** Messages per second this number may send (Meta: 80 by default, 1,000 after an upgrade, 20 on coexistence). */
    throughputMps: integer("throughput_mps").notNull().default(80),
    /** Unique customers reachable outside the 24-hour window in any moving 24 h (Meta's messaging limit; null: unlimited). */
    messagingLimit: integer("messaging_limit").default(250),
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
    /** A name an agent gave the contact; wins over the WhatsApp profile name. */
    name: text("name"),
    phone: text("phone"),
    attributes: text("attributes", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    notes: text("notes"),
    /** Set when this contact was merged into another: its conversations now belong to that one. */
    mergedInto: text("merged_into"),
    /** Opted out of marketing (a keyword over WhatsApp, or an agent); null: not opted out. */
    optedOutAt: integer("opted_out_at"),
    /** When opt-out last changed: an older event replayed never undoes a newer choice. */
    optChangedAt: integer("opt_changed_at"),
    /** When the contact agreed to receive marketing (an import's consent column, or an agent); null: no consent. */
    marketingConsentAt: integer("marketing_consent_at"),
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
    teamId: text("team_id"),
    /** People mentioned in the conversation's notes (JSON array of agent ids): it shows in their list. */
    participantIds: text("participant_ids", { mode: "json" }).$type<string[]>().notNull().default([]),
    priority: text("priority", { enum: ["low", "normal", "high", "urgent"] }).notNull().default("normal"),
    waitingSince: integer("waiting_since"),
    /** The service-level target due first (shared/sla.ts), for the list's clock. */
    sla: text("sla", { mode: "json" }).$type<SlaClock>(),
    snoozedUntil: integer("snoozed_until"),
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
    index("conversations_ws_team_activity_idx").on(t.workspaceId, t.teamId, t.lastMessageAt),
    index("conversations_contact_idx").on(t.contactId),
  ],
);

/** Tags on conversations, projected from the conversation objects for filtering. */
export const conversationTags = sqliteTable(
  "conversation_tags",
  {
    conversationId: text("conversation_id").notNull(),
    tagId: text("tag_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.tagId] }), index("conversation_tags_tag_idx").on(t.workspaceId, t.tagId)],
);

/**
 * Append-only reporting events. The id is `<conversationId>:<seq>:<kind>`, so re-projecting never double-counts.
 * `agent_id` is who acted (the replier, the resolver); `team_id`/`channel_id` the conversation's when it happened.
 */
export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    kind: text("kind").notNull(),
    agentId: text("agent_id"),
    /** Our time (ms). */
    at: integer("at").notNull(),
    /** For durations (first response time in ms, …). */
    value: integer("value"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    teamId: text("team_id"),
    channelId: text("channel_id"),
    /** Start of the measured interval (durations). */
    startedAt: integer("started_at"),
    /** WhatsApp's time, for what the customer did. */
    waAt: integer("wa_at"),
    /** `at`'s calendar day in the workspace's time zone, as 20261201. */
    day: integer("day"),
    /** `value` counted in the workspace's business hours (null: not a duration, or no hours set). */
    businessValue: integer("business_value"),
    /** Histogram buckets of `value` and `business_value` (shared/report-math.ts). */
    bucket: integer("bucket"),
    businessBucket: integer("business_bucket"),
  },
  (t) => [
    index("events_ws_kind_at_idx").on(t.workspaceId, t.kind, t.at),
    index("events_conversation_at_idx").on(t.conversationId, t.at),
    index("events_ws_day_idx").on(t.workspaceId, t.day),
  ],
);

/**
 * Daily rollups of `events`, rebuilt whole for a day from its raw rows (so a late or repeated event never counts
 * twice): one row per day, metric (`kind`, or `kind:bh` for business-hours durations), who/team/channel and
 * histogram bucket (-1 for plain counts). Reports over long ranges read these instead of millions of events.
 */
export const reportDaily = sqliteTable(
  "report_daily",
  {
    workspaceId: text("workspace_id").notNull(),
    day: integer("day").notNull(),
    metric: text("metric").notNull(),
    agentId: text("agent_id").notNull().default(""),
    teamId: text("team_id").notNull().default(""),
    channelId: text("channel_id").notNull().default(""),
    bucket: integer("bucket").notNull().default(-1),
    count: integer("count").notNull(),
    sum: integer("sum").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.metric, t.agentId, t.teamId, t.channelId, t.bucket] })],
);

/**
 * Monthly totals of the daily rollups for reports without a person, team, channel or tag filter: a year is twelve
 * months of histograms instead of 365 days of per-person rows. Built from report_daily once a month is over and all
 * its days are rolled up; a day rebuilt later drops its month (report_months) so it is built again.
 */
export const reportMonthly = sqliteTable(
  "report_monthly",
  {
    workspaceId: text("workspace_id").notNull(),
    /** 202611 for November 2026, in the workspace's calendar. */
    month: integer("month").notNull(),
    metric: text("metric").notNull(),
    bucket: integer("bucket").notNull(),
    count: integer("count").notNull(),
    sum: integer("sum").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.month, t.metric, t.bucket] })],
);

/** Months whose report_monthly rows are current. */
export const reportMonths = sqliteTable(
  "report_months",
  {
    workspaceId: text("workspace_id").notNull(),
    month: integer("month").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.month] })],
);

/** Days whose rollup is missing or older than their events (marked by the projection, cleared by the rebuild). */
export const reportDirtyDays = sqliteTable(
  "report_dirty_days",
  {
    workspaceId: text("workspace_id").notNull(),
    day: integer("day").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day] })],
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
    status: text("status", { enum: TEMPLATE_STATUSES }).notNull(),
    header: text("header"),
    body: text("body").notNull(),
    headerParams: integer("header_params").notNull().default(0),
    bodyParams: integer("body_params").notNull().default(0),
    /** Meta's template id (null for rows not yet synced). */
    metaId: text("meta_id"),
    /** The components exactly as Meta holds them (HEADER, BODY, FOOTER, BUTTONS); null for legacy rows. */
    components: text("components", { mode: "json" }).$type<unknown[]>(),
    quality: text("quality", { enum: ["GREEN", "YELLOW", "RED", "UNKNOWN"] }).notNull().default("UNKNOWN"),
    /** Why Meta rejected, paused or disabled it (its reason code or other_info title). */
    reason: text("reason"),
    /** A media header's sample in R2 (`templates/<ws>/<uuid>`): sent as the header with every send. Null: none kept. */
    headerMediaKey: text("header_media_key"),
    headerMediaType: text("header_media_type"),
    headerMediaFilename: text("header_media_filename"),
    updatedAt: integer("updated_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("templates_channel_name_lang_idx").on(t.channelId, t.name, t.language)],
);

export const teams = sqliteTable(
  "teams",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_ws_name_idx").on(t.workspaceId, t.name)],
);

export const teamMembers = sqliteTable(
  "team_members",
  {
    teamId: text("team_id").notNull().references(() => teams.id),
    agentId: text("agent_id").notNull().references(() => agents.id),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.agentId] }), index("team_members_agent_idx").on(t.agentId)],
);

/** Routing rules, evaluated in `position` order on a new or reopened conversation; the first match wins. */
export const routingRules = sqliteTable(
  "routing_rules",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    conditions: text("conditions", { mode: "json" }).$type<RuleConditions>().notNull(),
    actions: text("actions", { mode: "json" }).$type<RuleActions>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("routing_rules_ws_position_idx").on(t.workspaceId, t.position)],
);

/** Service-level targets (shared/sla.ts): the first enabled policy, by position, whose priority and tag fit applies. */
export const slaPolicies = sqliteTable(
  "sla_policies",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    priority: text("priority", { enum: ["low", "normal", "high", "urgent"] }),
    tagId: text("tag_id"),
    firstResponseSeconds: integer("first_response_seconds"),
    nextResponseSeconds: integer("next_response_seconds"),
    resolutionSeconds: integer("resolution_seconds"),
    businessHours: integer("business_hours", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("sla_policies_ws_position_idx").on(t.workspaceId, t.position)],
);

export const tags = sqliteTable(
  "tags",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name").notNull(),
    color: text("color").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("tags_ws_name_idx").on(t.workspaceId, t.name)],
);

export const contactTags = sqliteTable(
  "contact_tags",
  {
    contactId: text("contact_id").notNull(),
    tagId: text("tag_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.tagId] })],
);

/** Canned replies: workspace-wide (agentId null) or personal; `/shortcut` in the composer. */
export const cannedReplies = sqliteTable(
  "canned_replies",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    agentId: text("agent_id"),
    shortcut: text("shortcut").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("canned_replies_ws_idx").on(t.workspaceId, t.shortcut)],
);

/** Invitation links for new people; the token is shown once, only its hash is kept. */
export const invites = sqliteTable("invites", {
  tokenHash: text("token_hash").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  email: text("email").notNull(),
  name: text("name").notNull(),
  role: text("role", { enum: ["admin", "supervisor", "agent"] }).notNull(),
  teamIds: text("team_ids", { mode: "json" }).$type<string[]>().notNull().default([]),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
  expiresAt: integer("expires_at").notNull(),
  acceptedAt: integer("accepted_at"),
});

// ---- Knowledge base (issue 10): the articles the assistant answers from, per workspace ----

/** One article; the retrieval index is computed from these rows (durable/assistant/knowledge-index.ts). */
export const knowledgeArticles = sqliteTable(
  "knowledge_articles",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    updatedAt: integer("updated_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("knowledge_articles_ws_idx").on(t.workspaceId, t.updatedAt)],
);

export const schema = {
  workspaces, agents, sessions, slaPolicies, apiTokens, loginFailures, channels, contacts, conversations, conversationTags, events, reportDaily, reportDirtyDays, reportMonthly, reportMonths,
  templates, teams, teamMembers, routingRules, tags, contactTags, cannedReplies, invites, knowledgeArticles,
};

/** Broadcasts. The campaign's own Durable Object holds its recipients and sends; this row lists it and keeps the
 * counts it last reported, so lists and reports never wake the object. */
export const campaigns = sqliteTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    channelId: text("channel_id").notNull(),
    name: text("name").notNull(),
    templateName: text("template_name").notNull(),
    templateLanguage: text("template_language").notNull(),
    /** draft, scheduled, running, paused, completed, cancelled. */
    status: text("status").notNull(),
    /** The definition as created (template params, audience); the object holds the resolved recipients. */
    definition: text("definition", { mode: "json" }).$type<unknown>().notNull(),
    counts: text("counts", { mode: "json" }).$type<Partial<Record<string, number>>>().notNull().default({}),
    scheduledAt: integer("scheduled_at"),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("campaigns_ws_created_idx").on(t.workspaceId, t.createdAt)],
);

/** Single-use password reset links an admin issues (only the token's SHA-256 is stored, like invites). */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    agentId: text("agent_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("password_resets_agent_idx").on(t.agentId)],
);

/** What admins did (exports, erasures, roles, settings, channels, tokens, rules): append-only, no customer data. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    at: integer("at").notNull(),
  },
  (t) => [index("audit_log_ws_at_idx").on(t.workspaceId, t.at)],
);
