// /api/admin: invitations, people, routing rules, routing settings and channel policies — schemas the routes
// validate with and the types of what they answer (tags, teams and canned replies are in ./directory.ts).
// The inbox's settings pages import types only.
import { z } from "zod";
import { BUTTON_TITLE_MAX } from "../csat";
import { businessHoursSchema, type BusinessHours } from "../business-hours";
import type { Role } from "../model";
import { compileRulePattern, type RoutingRule } from "../routing";
import { PRIORITIES } from "./conversations";

export const ROLES = ["admin", "supervisor", "agent"] as const satisfies readonly Role[];

export const inviteBody = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(80),
  role: z.enum(ROLES).default("agent"),
  teamIds: z.array(z.string().max(100)).max(20).default([]),
});
export type InviteBody = z.input<typeof inviteBody>;

export interface InviteCreated {
  url: string;
  token: string;
  expiresAt: number;
}

export const agentPatchBody = z
  .object({
    role: z.enum(ROLES).optional(),
    name: z.string().trim().min(1).max(80).optional(),
    capacity: z.number().int().min(0).max(200).optional(),
    teamIds: z.array(z.string().max(100)).max(20).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "Nothing to change" });
export type AgentPatch = z.input<typeof agentPatchBody>;

const idList = z.array(z.string().trim().min(1).max(100)).max(50);
// Patterns run on RE2 in the workspace object (shared/routing.ts): lookaround and backreferences do not compile.
const validRegex = (s: string) => compileRulePattern(s) !== null;

export const ruleBody = z.object({
  name: z.string().trim().min(1).max(80),
  position: z.number().int().min(0).max(10_000).optional(),
  enabled: z.boolean().default(true),
  conditions: z
    .object({
      textContains: idList.optional(),
      textMatches: z.string().max(200).refine(validRegex, "not a valid pattern (RE2 syntax: lookaround and backreferences are not supported)").optional(),
      channelIds: idList.optional(),
      contactTagIds: idList.optional(),
      contactAttribute: z.object({ key: z.string().min(1).max(60), equals: z.string().max(200) }).optional(),
      phonePrefixes: z.array(z.string().regex(/^\+?\d{1,6}$/, "phone prefixes look like +34")).max(50).optional(),
      fromAd: z.boolean().optional(),
      adSourceIds: idList.optional(),
    })
    .strict(),
  actions: z
    .object({ teamId: z.string().max(100).optional(), assigneeId: z.string().max(100).optional(), tagIds: idList.optional(), priority: z.enum(PRIORITIES).optional() })
    .strict()
    .refine((a) => Object.keys(a).length > 0, { message: "A rule must do something" }),
});
export type RuleBody = z.input<typeof ruleBody>;
/** A stored rule: what the workspace object matches on (shared/routing.ts). */
export type RuleRecord = RoutingRule;

export const ROUTING_POLICIES = ["manual", "round_robin", "least_busy"] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

export const settingsFields = z.object({
  returnAfterSeconds: z.number().int().min(30).max(7 * 86_400).nullable().optional(),
  unattendedAfterSeconds: z.number().int().min(30).max(7 * 86_400).optional(),
  offlineGraceSeconds: z.number().int().min(5).max(3_600).optional(),
  agentsSeeAll: z.boolean().optional(),
  timezone: z.string().max(60).optional(),
  /** Weekly hours and holidays in `timezone` (shared/business-hours.ts); null clears them. */
  businessHours: businessHoursSchema.nullable().optional(),
  /** AI intent routing's minimum confidence in percent; null turns it off (rules only). */
  aiRoutingConfidence: z.number().int().min(1).max(100).nullable().optional(),
  /** Opt-out keywords (whole-message match, case and accents ignored); null: BAJA, STOP, "no quiero recibir más". */
  optOutKeywords: z.array(z.string().trim().min(2).max(60)).min(1).max(20).nullable().optional(),
  /** Resolved conversations' messages and files are deleted after this many days; null keeps them (the default). */
  retentionDays: z.number().int().min(1).max(3_650).nullable().optional(),
  /** Admins and supervisors must log in with two-step verification (TOTP); the admin turning it on must use it already. */
  requireTwoFactor: z.boolean().optional(),
});
export const notEmpty = (b: object) => Object.keys(b).length > 0;
export const settingsBody = settingsFields.refine(notEmpty, { message: "Nothing to change" });
export type SettingsPatch = z.input<typeof settingsBody>;

export const BOT_MODES = ["always", "outside_hours", "never"] as const;
export type BotMode = (typeof BOT_MODES)[number];

const buttonTitle = z.string().trim().min(1).max(BUTTON_TITLE_MAX, `WhatsApp shows at most ${BUTTON_TITLE_MAX} characters on a button`);

export const channelBody = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    routingPolicy: z.enum(ROUTING_POLICIES).optional(),
    defaultTeamId: z.string().max(100).nullable().optional(),
    // The assistant on this number (stored now; the bot turn in the conversation object reads them).
    botMode: z.enum(BOT_MODES).optional(),
    handoffMessage: z.string().trim().min(1).max(1_024).nullable().optional(),
    greeting: z.string().trim().min(1).max(1_024).nullable().optional(),
    dailyReplyLimit: z.number().int().min(1).max(100_000).nullable().optional(),
    // The satisfaction survey sent on resolve (texts null: the product's Spanish wording).
    csatEnabled: z.boolean().optional(),
    csatQuestion: z.string().trim().min(1).max(1_024).nullable().optional(),
    csatLabels: z.tuple([buttonTitle, buttonTitle, buttonTitle]).nullable().optional(),
    csatThanks: z.string().trim().min(1).max(1_024).nullable().optional(),
  })
  .strict()
  .refine(notEmpty, { message: "Nothing to change" });
export type ChannelPatch = z.input<typeof channelBody>;

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
  /** null: never configured. */
  businessHours: BusinessHours | null;
  /** AI intent routing's minimum confidence (1–100 %); null: off. */
  aiRoutingConfidence: number | null;
  /** null: the defaults (shared/opt-out.ts). */
  optOutKeywords: string[] | null;
  /** null: messages and files are kept. */
  retentionDays: number | null;
  /** Admins and supervisors log in with two-step verification (docs/api.md §14). */
  requireTwoFactor: boolean;
}

export interface ChannelSettings {
  id: string;
  name: string;
  displayNumber: string;
  routingPolicy: RoutingPolicy;
  defaultTeamId: string | null;
  botMode: BotMode;
  handoffMessage: string | null;
  greeting: string | null;
  dailyReplyLimit: number | null;
  csatEnabled: boolean;
  csatQuestion: string | null;
  csatLabels: [string, string, string] | null;
  csatThanks: string | null;
}

export interface SettingsResponse {
  workspace: WorkspaceSettings;
  channels: ChannelSettings[];
}
