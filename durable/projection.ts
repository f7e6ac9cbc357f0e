// The D1 projection: the conversation index, contacts and reporting events that lists, search and reports read.
// Conversation objects hand their summary, contact and events to the workspace object (their outbox); the
// workspace object writes them here in batches, so D1 — one query at a time for the whole database — sees one
// round trip per many conversations, and D1 being slow or down only delays lists, never the webhook.
import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { ConversationState, ConversationSummary } from "../shared/model";
import { type BusinessHours, businessMsBetween } from "../shared/business-hours";
import { contacts, conversations, conversationTags, events, reportDirtyDays, workspaces } from "../shared/db-schema";
import { bucketOf, dayNumber } from "../shared/report-math";
import { RejectedRowError } from "./projection-errors";

/** The CRM row of a channel contact (a merge only re-points conversations, never this row's id). */
export interface ContactRecord {
  id: string;
  workspaceId: string;
  channelId: string;
  contactKey: string;
  waId: string | null;
  userId: string | null;
  profileName: string | null;
  phone: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
}

export interface ReportEvent {
  id: string;
  workspaceId: string;
  conversationId: string;
  kind: string;
  agentId: string | null;
  at: number;
  value: number | null;
  data: Record<string, unknown> | null;
  teamId: string | null;
  channelId: string | null;
  startedAt: number | null;
  waAt: number | null;
}

/** The workspace's calendar and opening hours: reports file events under its days and count its business time. */
export interface ReportZone {
  timeZone: string;
  businessHours: BusinessHours | null;
}

/** Reads a workspace's zone and hours (for a projection that has no cached configuration). */
export async function loadReportZone(db: D1Database, workspaceId: string): Promise<ReportZone> {
  const row = await drizzle(db).select({ timeZone: workspaces.timezone, businessHours: workspaces.businessHours }).from(workspaces).where(eq(workspaces.id, workspaceId)).get();
  return { timeZone: row?.timeZone ?? "Europe/Madrid", businessHours: row?.businessHours ?? null };
}

/** The open time a duration measured: a resolution's open intervals, else [startedAt, at]. */
function measuredIntervals(e: ReportEvent): Array<[number, number]> | null {
  const open = e.data?.open;
  if (Array.isArray(open)) return open as Array<[number, number]>;
  return e.startedAt !== null ? [[e.startedAt, e.at]] : null;
}

/** An event as D1 stores it: under its local day, with its business-hours value and histogram buckets. */
export function reportRow(e: ReportEvent, zone: ReportZone) {
  const intervals = e.value !== null && zone.businessHours ? measuredIntervals(e) : null;
  const businessValue = intervals && zone.businessHours ? intervals.reduce((sum, [a, b]) => sum + businessMsBetween(zone.businessHours!, zone.timeZone, a, b), 0) : null;
  return {
    ...e,
    day: dayNumber(e.at, zone.timeZone),
    businessValue,
    // A satisfaction answer's "bucket" is its score (1–5), so rollups keep the distribution.
    bucket: e.value === null ? null : e.kind === "csat_answered" ? e.value : bucketOf(e.value),
    businessBucket: businessValue !== null ? bucketOf(businessValue) : null,
  };
}

/** One conversation's row for D1: its summary plus what the index needs that lists do not show. */
export interface ConversationRecord {
  summary: ConversationSummary;
  createdAt: number;
  contact: ContactRecord;
  /** False when D1 already has this contact as it is (default true): its row is not written again. */
  contactChanged?: boolean;
  /** False when D1 already has this tag set (default true). */
  tagsChanged?: boolean;
}

export function contactIdFor(conversationId: string): string {
  return conversationId.replace(/^cv_/, "ct_");
}

export function summaryOf(state: ConversationState): ConversationSummary {
  return {
    id: state.id,
    workspaceId: state.workspaceId,
    channelId: state.channelId,
    contactId: state.contactId,
    contactName: state.contact.name,
    contactPhone: state.contact.phone,
    status: state.status,
    assigneeId: state.assigneeId,
    assigneeName: state.assigneeName,
    teamId: state.teamId,
    priority: state.priority,
    tagIds: state.tagIds,
    participantIds: state.participantIds,
    snoozedUntil: state.snoozedUntil,
    waitingSince: state.waitingSince,
    sla: state.sla,
    lastMessageAt: state.lastMessageAt,
    lastMessagePreview: state.lastMessagePreview,
    lastMessageKind: state.lastMessageKind,
    lastMessageDirection: state.lastMessageDirection,
    lastInboundAt: state.lastInboundAt,
    unreadCount: state.unreadCount,
    version: state.seq,
  };
}

export function contactRecordOf(state: ConversationState): ContactRecord {
  return {
    id: contactIdFor(state.id),
    workspaceId: state.workspaceId,
    channelId: state.channelId,
    contactKey: state.contact.key,
    waId: state.contact.waId,
    userId: state.contact.userId,
    // The WhatsApp profile name (an agent-given name lives in contacts.name).
    profileName: state.contact.profileName ?? state.contact.name,
    phone: state.contact.phone,
    firstSeenAt: state.createdAt,
    lastSeenAt: state.lastInboundAt ?? state.createdAt,
  };
}

// D1 binds at most 100 parameters per statement, and drizzle binds every column of a row (defaults included):
// as many rows per multi-row statement as fit.
const D1_MAX_PARAMS = 100;
const rowsPerStatement = (table: Parameters<typeof getTableColumns>[0]) => Math.floor(D1_MAX_PARAMS / Object.keys(getTableColumns(table)).length);
const CONTACTS_PER_STATEMENT = rowsPerStatement(contacts);
const CONVERSATIONS_PER_STATEMENT = rowsPerStatement(conversations);
const TAGS_PER_STATEMENT = rowsPerStatement(conversationTags);
const EVENTS_PER_STATEMENT = rowsPerStatement(events);
/** Ids in one `IN (…)` list. */
const IDS_PER_STATEMENT = 90;

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Writes many conversations and events in one D1 batch (one round trip, one transaction). Idempotent. Contacts and
 * tag sets marked unchanged (what D1 last got from us) are skipped: most updates change neither.
 */
export async function writeProjection(db: D1Database, records: ConversationRecord[], reportEvents: ReportEvent[], zone: ReportZone): Promise<void> {
  if (!records.length && !reportEvents.length) return;
  const d1 = drizzle(db);
  let statements: Statement[];
  try {
    statements = projectionStatements(d1, records, reportEvents, zone);
  } catch (err) {
    // Building the rows failed (a value our own code cannot file, e.g. an invalid date): as final as D1 refusing it.
    throw new RejectedRowError(err);
  }
  await d1.batch(statements as [Statement, ...Statement[]]);
}

type Statement = Parameters<ReturnType<typeof drizzle>["batch"]>[0][number];

function projectionStatements(d1: ReturnType<typeof drizzle>, records: ConversationRecord[], reportEvents: ReportEvent[], zone: ReportZone): Statement[] {
  const statements: Statement[] = [];
  for (const chunk of chunks(records.filter((r) => r.contactChanged !== false).map((r) => r.contact), CONTACTS_PER_STATEMENT)) {
    statements.push(
      d1.insert(contacts).values(chunk).onConflictDoUpdate({
        target: [contacts.channelId, contacts.contactKey],
        set: {
          profileName: sql`coalesce(excluded.profile_name, ${contacts.profileName})`,
          waId: sql`coalesce(excluded.wa_id, ${contacts.waId})`,
          userId: sql`coalesce(excluded.user_id, ${contacts.userId})`,
          phone: sql`coalesce(excluded.phone, ${contacts.phone})`,
          lastSeenAt: sql`max(excluded.last_seen_at, ${contacts.lastSeenAt})`,
        },
      }),
    );
  }
  const rows = records.map(({ summary: s, createdAt }) => ({
    id: s.id,
    workspaceId: s.workspaceId,
    channelId: s.channelId,
    contactId: s.contactId,
    contactName: s.contactName,
    contactPhone: s.contactPhone,
    status: s.status,
    assigneeId: s.assigneeId,
    teamId: s.teamId,
    participantIds: s.participantIds,
    priority: s.priority,
    waitingSince: s.waitingSince,
    sla: s.sla,
    snoozedUntil: s.snoozedUntil,
    lastMessageAt: s.lastMessageAt,
    lastMessagePreview: s.lastMessagePreview?.slice(0, 280) ?? null,
    lastMessageKind: s.lastMessageKind,
    lastMessageDirection: s.lastMessageDirection,
    lastInboundAt: s.lastInboundAt,
    unreadCount: s.unreadCount,
    createdAt,
    version: s.version,
  }));
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  for (const chunk of chunks(rows, CONVERSATIONS_PER_STATEMENT)) {
    statements.push(
      d1.insert(conversations).values(chunk).onConflictDoUpdate({
        target: conversations.id,
        set: {
          contactId: excluded("contact_id"),
          contactName: excluded("contact_name"),
          contactPhone: excluded("contact_phone"),
          status: excluded("status"),
          assigneeId: excluded("assignee_id"),
          teamId: excluded("team_id"),
          participantIds: excluded("participant_ids"),
          priority: excluded("priority"),
          waitingSince: excluded("waiting_since"),
          sla: excluded("sla"),
          snoozedUntil: excluded("snoozed_until"),
          lastMessageAt: excluded("last_message_at"),
          lastMessagePreview: excluded("last_message_preview"),
          lastMessageKind: excluded("last_message_kind"),
          lastMessageDirection: excluded("last_message_direction"),
          lastInboundAt: excluded("last_inbound_at"),
          unreadCount: excluded("unread_count"),
          version: excluded("version"),
        },
        // Out-of-order writes never move the index backwards.
        setWhere: sql`excluded.version > ${conversations.version}`,
      }),
    );
  }
  // Tags are replaced whole with each conversation's newest set (the batch carries only the newest version).
  const retagged = records.filter((r) => r.tagsChanged !== false);
  for (const ids of chunks(retagged.map((r) => r.summary.id), IDS_PER_STATEMENT)) statements.push(d1.delete(conversationTags).where(inArray(conversationTags.conversationId, ids)));
  const tagRows = retagged.flatMap(({ summary: s }) => s.tagIds.map((tagId) => ({ conversationId: s.id, tagId, workspaceId: s.workspaceId })));
  for (const chunk of chunks(tagRows, TAGS_PER_STATEMENT)) statements.push(d1.insert(conversationTags).values(chunk).onConflictDoNothing());
  const eventRows = reportEvents.map((e) => reportRow(e, zone));
  for (const chunk of chunks(eventRows, EVENTS_PER_STATEMENT)) statements.push(d1.insert(events).values(chunk).onConflictDoNothing());
  // Opt-out keywords reach the CRM contact; an older event replayed never undoes a newer choice (opt_changed_at).
  for (const e of eventRows) {
    const contactId = typeof e.data?.contactId === "string" ? e.data.contactId : null;
    if ((e.kind !== "opted_out" && e.kind !== "opted_in") || !contactId) continue;
    statements.push(
      d1
        .update(contacts)
        .set({ optedOutAt: e.kind === "opted_out" ? e.at : null, optChangedAt: e.at })
        .where(and(eq(contacts.id, contactId), sql`coalesce(${contacts.optChangedAt}, 0) < ${e.at}`)),
    );
  }
  // The days these events fall on need their rollup rebuilt (worker/reports/rollups.ts).
  const days = [...new Set(eventRows.map((e) => `${e.workspaceId}|${e.day}`))].map((k) => ({ workspaceId: k.split("|")[0]!, day: Number(k.split("|")[1]) }));
  for (const chunk of chunks(days, 40)) statements.push(d1.insert(reportDirtyDays).values(chunk).onConflictDoNothing());
  return statements;
}
