// The routing configuration of a workspace, read from D1 (people, teams, channels, rules, settings) and cached
// inside the workspace object; admin changes call `reloadConfig()`. Also reads contact facts for rules.
import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { BusinessHours } from "../shared/business-hours";
import type { Role } from "../shared/model";
import type { RoutingRule } from "../shared/routing";
import { agents, channels, contacts, contactTags, routingRules, teamMembers, teams, workspaces } from "../shared/db-schema";

export interface RoutablePerson {
  id: string;
  name: string;
  role: Role;
  capacity: number;
  teamIds: string[];
}

export interface WorkspaceConfig {
  settings: {
    returnAfterMs: number | null;
    unattendedAfterMs: number;
    offlineGraceMs: number;
    /** AI intent routing's minimum confidence (0–1); null: off. */
    aiRoutingConfidence: number | null;
    timeZone: string;
    businessHours: BusinessHours | null;
    /** Resolved conversations lose their messages and files after this many days (null: kept). */
    retentionDays: number | null;
  };
  people: Map<string, RoutablePerson>;
  teams: Map<string, { id: string; name: string; memberIds: string[] }>;
  channels: Map<string, { routingPolicy: "manual" | "round_robin" | "least_busy"; defaultTeamId: string | null }>;
  rules: RoutingRule[];
}

export async function loadWorkspaceConfig(db: D1Database, workspaceId: string): Promise<WorkspaceConfig> {
  const d1 = drizzle(db);
  const [workspace, people, memberships, teamRows, channelRows, ruleRows] = await d1.batch([
    d1.select().from(workspaces).where(eq(workspaces.id, workspaceId)),
    d1.select({ id: agents.id, name: agents.name, role: agents.role, capacity: agents.capacity }).from(agents).where(and(eq(agents.workspaceId, workspaceId), eq(agents.active, true))),
    d1.select({ teamId: teamMembers.teamId, agentId: teamMembers.agentId }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).where(eq(teams.workspaceId, workspaceId)),
    d1.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.workspaceId, workspaceId)),
    d1.select({ id: channels.id, routingPolicy: channels.routingPolicy, defaultTeamId: channels.defaultTeamId }).from(channels).where(eq(channels.workspaceId, workspaceId)),
    d1.select().from(routingRules).where(eq(routingRules.workspaceId, workspaceId)),
  ]);
  const ws = workspace[0];
  const teamsOf = (agentId: string) => memberships.filter((m) => m.agentId === agentId).map((m) => m.teamId);
  return {
    settings: {
      returnAfterMs: ws?.returnAfterSeconds ? ws.returnAfterSeconds * 1000 : null,
      unattendedAfterMs: (ws?.unattendedAfterSeconds ?? 600) * 1000,
      offlineGraceMs: (ws?.offlineGraceSeconds ?? 90) * 1000,
      aiRoutingConfidence: ws?.aiRoutingConfidence ? ws.aiRoutingConfidence / 100 : null,
      timeZone: ws?.timezone ?? "Europe/Madrid",
      businessHours: ws?.businessHours ?? null,
      retentionDays: ws?.retentionDays ?? null,
    },
    people: new Map(people.map((p) => [p.id, { ...p, teamIds: teamsOf(p.id) }])),
    teams: new Map(teamRows.map((t) => [t.id, { ...t, memberIds: memberships.filter((m) => m.teamId === t.id).map((m) => m.agentId) }])),
    channels: new Map(channelRows.map((c) => [c.id, { routingPolicy: c.routingPolicy, defaultTeamId: c.defaultTeamId }])),
    rules: ruleRows.map((r) => ({ id: r.id, name: r.name, position: r.position, enabled: r.enabled, conditions: r.conditions, actions: r.actions })),
  };
}

/** Tags and attributes of a contact, for rules that look at them. */
export async function contactFacts(db: D1Database, contactId: string): Promise<{ tagIds: string[]; attributes: Record<string, string> }> {
  const d1 = drizzle(db);
  const [row, tagRows] = await d1.batch([
    d1.select({ attributes: contacts.attributes }).from(contacts).where(eq(contacts.id, contactId)),
    d1.select({ tagId: contactTags.tagId }).from(contactTags).where(inArray(contactTags.contactId, [contactId])),
  ]);
  return { tagIds: tagRows.map((t) => t.tagId), attributes: row[0]?.attributes ?? {} };
}
