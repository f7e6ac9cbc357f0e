// Who a campaign goes to, read from D1 page by page: the number's contacts with any of the chosen tags, whose
// attributes match, or exactly the listed contacts. Each becomes a recipient — queued with its template values, or
// skipped with the reason (opted out; no marketing consent for a MARKETING template; a value it cannot fill).
import type { CampaignDefinition } from "../../shared/api/campaigns";
import { fillParams } from "../../shared/campaign-values";
import { chunks } from "../projection";
import type { NewRecipient } from "./recipient-store";

const PAGE = 500;
/** Ids in one `IN (…)` list (D1 binds at most 100 parameters per statement). */
const IDS_PER_QUERY = 80;

interface ContactRow {
  id: string;
  contact_key: string;
  wa_id: string | null;
  name: string | null;
  profile_name: string | null;
  attributes: string | null;
  opted_out_at: number | null;
  marketing_consent_at: number | null;
}

export interface AudienceScope {
  workspaceId: string;
  channelId: string;
  audience: CampaignDefinition["audience"];
  params: string[];
  marketing: boolean;
}

const COLUMNS = "c.id, c.contact_key, c.wa_id, c.name, c.profile_name, c.attributes, c.opted_out_at, c.marketing_consent_at";

function filters(scope: AudienceScope): { sql: string; args: unknown[] } {
  const where = ["c.workspace_id = ?", "c.channel_id = ?", "c.merged_into IS NULL", "c.wa_id IS NOT NULL"];
  const args: unknown[] = [scope.workspaceId, scope.channelId];
  if (scope.audience.tagIds.length) {
    where.push(`c.id IN (SELECT contact_id FROM contact_tags WHERE tag_id IN (${scope.audience.tagIds.map(() => "?").join(", ")}))`);
    args.push(...scope.audience.tagIds);
  }
  for (const [key, value] of Object.entries(scope.audience.attributes)) {
    where.push("json_extract(c.attributes, ?) = ?");
    args.push(`$."${key.replace(/"/g, "")}"`, value);
  }
  return { sql: where.join(" AND "), args };
}

/** One contact as a recipient: queued with its values, or skipped with why. */
export function recipientOf(row: ContactRow, scope: Pick<AudienceScope, "params" | "marketing">): NewRecipient {
  const name = row.name ?? row.profile_name;
  const base = { contactId: row.id, contactKey: row.contact_key, waId: row.wa_id!, name };
  if (row.opted_out_at !== null) return { ...base, params: null, state: "skipped", reason: "opted_out" };
  if (scope.marketing && row.marketing_consent_at === null) return { ...base, params: null, state: "skipped", reason: "no_consent" };
  const attributes = row.attributes ? (JSON.parse(row.attributes) as Record<string, string>) : {};
  const filled = fillParams(scope.params, { name, phone: row.wa_id!, attributes });
  if ("missing" in filled) return { ...base, params: null, state: "skipped", reason: `missing_value:${filled.missing}` };
  return { ...base, params: filled.values, state: "queued", reason: null };
}

/** Reads the audience in pages of contacts after `afterId`; the last page is shorter than PAGE. */
export async function audiencePage(db: D1Database, scope: AudienceScope, afterId: string): Promise<{ recipients: NewRecipient[]; lastId: string | null }> {
  const { sql, args } = filters(scope);
  if (scope.audience.contactIds) {
    // An explicit list: read it in slices (sorted, so `afterId` pages through it like the query below).
    const ids = [...new Set(scope.audience.contactIds)].sort().filter((id) => id > afterId).slice(0, PAGE);
    const slices = chunks(ids, IDS_PER_QUERY).map((slice) => db.prepare(`SELECT ${COLUMNS} FROM contacts c WHERE ${sql} AND c.id IN (${slice.map(() => "?").join(", ")})`).bind(...args, ...slice));
    const rows = slices.length ? (await db.batch<ContactRow>(slices)).flatMap((r) => r.results) : [];
    return { recipients: rows.map((r) => recipientOf(r, scope)), lastId: ids.length === PAGE ? ids.at(-1)! : null };
  }
  const found = await db.prepare(`SELECT ${COLUMNS} FROM contacts c WHERE ${sql} AND c.id > ? ORDER BY c.id LIMIT ?`).bind(...args, afterId, PAGE).all<ContactRow>();
  const rows = found.results;
  return { recipients: rows.map((r) => recipientOf(r, scope)), lastId: rows.length === PAGE ? rows.at(-1)!.id : null };
}

/** Of these contacts, the ones opted out since the audience was read (checked again right before each batch). */
export async function optedOutAmong(db: D1Database, contactIds: string[]): Promise<Set<string>> {
  // One round trip for the whole batch (each statement within D1's 100 parameters).
  const slices = chunks(contactIds, IDS_PER_QUERY).map((slice) => db.prepare(`SELECT id FROM contacts WHERE opted_out_at IS NOT NULL AND id IN (${slice.map(() => "?").join(", ")})`).bind(...slice));
  if (!slices.length) return new Set();
  return new Set((await db.batch<{ id: string }>(slices)).flatMap((r) => r.results.map((row) => row.id)));
}

/** Customers the number's other campaigns reached in the last 24 hours (their last reported counts). */
export async function reachedByOthers(db: D1Database, channelId: string, campaignId: string, since: number): Promise<number> {
  const row = await db
    .prepare(
      `SELECT coalesce(sum(json_extract(counts, '$.reached')), 0) AS n FROM campaigns
       WHERE channel_id = ? AND id != ? AND coalesce(finished_at, ?) >= ? AND started_at IS NOT NULL`,
    )
    .bind(channelId, campaignId, Number.MAX_SAFE_INTEGER, since)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
