// Importing contacts from a CSV into one WhatsApp number's contacts, as the file streams in: rows are read one by
// one, gathered a few hundred at a time, and each group is one short D1 batch (no long transaction, so the inbox's
// own writes go between them). A number already in the file merges into its earlier row; one already a contact of
// the channel is updated (name when given, attributes merged, tags added, consent set); a new one is created with
// the id its conversation will have. An import never clears an opt-out, and never records consent over one.
import { contactIdFor } from "../../durable/projection";
import type { ContactImportIssue, ContactImportResult } from "../../shared/api/contacts";
import { phoneKeyVariants } from "../../shared/phone";
import { conversationIdFor } from "../../shared/conversation-id";
import type { CsvRecord } from "./csv-rows";
import { type Columns, columnsOf, ImportHeaderError, type ImportRow, mergeRows, readRow } from "./import-columns";

export interface ImportTarget {
  workspaceId: string;
  channelId: string;
  /** The workspace's country calling code, for numbers typed without one. */
  callingCode: string;
  now: number;
}

export interface ImportOptions {
  /** Data rows read before the import stops with ImportTooLarge. */
  maxRows: number;
  /** Distinct numbers per D1 batch. */
  chunkRows: number;
}

export const IMPORT_DEFAULTS: ImportOptions = { maxRows: 200_000, chunkRows: 500 };
const MAX_ISSUES = 500;
/** New tags one import may create (a tags column of free text would otherwise flood the workspace). */
const MAX_NEW_TAGS = 200;
/** Bytes of JSON in one bound parameter: D1 caps statements and values, so big groups take several statements. */
const MAX_PARAM_CHARS = 60_000;
/** Contacts whose new name is sent to their conversations (the rest show it in the contact panel only). */
export const MAX_RENAMED = 1_000;
const SWATCHES = ["#ef4444", "#f97316", "#eab308", "#22c55e", "#14b8a6", "#3b82f6", "#6366f1", "#a855f7", "#ec4899", "#64748b"];

/** The file had more rows than an import takes; what was read before is imported. */
export class ImportTooLarge extends Error {
  constructor(
    readonly maxRows: number,
    readonly result: ContactImportResult,
  ) {
    super(`At most ${maxRows} rows per import.`);
  }
}

interface Existing {
  id: string;
  key: string;
  name: string | null;
  mergedInto: string | null;
  optedOutAt: number | null;
}

/** Splits items into JSON arrays of at most MAX_PARAM_CHARS each (one bound parameter per statement). */
function jsonChunks<T>(items: T[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const item of items) {
    const json = JSON.stringify(item);
    if (current.length && size + json.length + 1 > MAX_PARAM_CHARS) {
      out.push(`[${current.join(",")}]`);
      current = [];
      size = 2;
    }
    current.push(json);
    size += json.length + 1;
  }
  if (current.length) out.push(`[${current.join(",")}]`);
  return out;
}

// CROSS JOIN keeps the keys as the outer loop: SQLite would otherwise walk every contact of the channel per group.
const LOOKUP_SQL = `SELECT c.id, c.contact_key AS key, c.name, c.merged_into AS mergedInto, c.opted_out_at AS optedOutAt
  FROM json_each(?2) k CROSS JOIN contacts c ON c.channel_id = ?1 AND c.contact_key = k.value`;
const BY_ID_SQL = `SELECT c.id, c.contact_key AS key, c.name, c.merged_into AS mergedInto, c.opted_out_at AS optedOutAt
  FROM json_each(?1) k CROSS JOIN contacts c ON c.id = k.value`;
const INSERT_TAGS_SQL = `INSERT INTO tags (id, workspace_id, name, color, created_at)
  SELECT t.value->>'id', ?1, t.value->>'name', t.value->>'color', ?2 FROM json_each(?3) t WHERE true ON CONFLICT DO NOTHING`;
// A contact created meanwhile by a first message (same channel and key) is merged into like an existing one.
const INSERT_CONTACTS_SQL = `INSERT INTO contacts (id, workspace_id, channel_id, contact_key, wa_id, phone, name, attributes, marketing_consent_at, first_seen_at, last_seen_at)
  SELECT r.value->>'id', ?1, ?2, r.value->>'key', r.value->>'key', '+' || (r.value->>'key'), r.value->>'name', r.value->>'attributes', r.value->>'consentAt', ?3, ?3
  FROM json_each(?4) r WHERE true
  ON CONFLICT (channel_id, contact_key) DO UPDATE SET
    name = coalesce(excluded.name, contacts.name),
    attributes = json_patch(contacts.attributes, excluded.attributes),
    marketing_consent_at = CASE WHEN contacts.opted_out_at IS NULL THEN coalesce(contacts.marketing_consent_at, excluded.marketing_consent_at) ELSE contacts.marketing_consent_at END`;
// "yes" keeps an earlier consent's date (re-importing a file does not move it); "no" withdraws it; null leaves it.
const UPDATE_CONTACTS_SQL = `UPDATE contacts SET
    name = coalesce(u.name, contacts.name),
    attributes = json_patch(contacts.attributes, u.attributes),
    marketing_consent_at = CASE
      WHEN u.consent = 'no' THEN NULL
      WHEN u.consent = 'yes' AND contacts.opted_out_at IS NULL THEN coalesce(contacts.marketing_consent_at, ?1)
      ELSE contacts.marketing_consent_at END
  FROM (SELECT r.value->>'id' AS id, r.value->>'name' AS name, r.value->>'attributes' AS attributes, r.value->>'consent' AS consent FROM json_each(?2) r) AS u
  WHERE contacts.id = u.id`;
// Tags by name, so a tag another request created meanwhile is used rather than duplicated.
const INSERT_CONTACT_TAGS_SQL = `INSERT INTO contact_tags (contact_id, tag_id)
  SELECT p.value->>0, t.id FROM json_each(?2) p CROSS JOIN tags t ON t.workspace_id = ?1 AND t.name = p.value->>1 WHERE true ON CONFLICT DO NOTHING`;

export class ContactImport {
  readonly result: ContactImportResult = { created: 0, updated: 0, skipped: 0, merged: 0, optedOut: 0, errors: [], moreErrors: 0 };
  /** Contacts whose name the import changed: their conversations should hear of it. */
  readonly renamed = new Map<string, string>();
  private columns: Columns | null = null;
  private rows = 0;
  /** Number → the file row it first appeared on. */
  private readonly firstRow = new Map<string, number>();
  /** This group's rows by number, and which of them repeat a number an earlier group already wrote. */
  private pending = new Map<string, ImportRow>();
  private repeats = new Set<string>();
  /** Lower-cased tag name → the workspace's spelling (existing tags, and those this import created). */
  private tagNames = new Map<string, string>();
  private newTags = 0;
  /** Tags met since the last write that the workspace does not have yet. */
  private freshTags: Array<{ id: string; name: string; color: string }> = [];

  constructor(
    private readonly db: D1Database,
    private readonly target: ImportTarget,
    private readonly options: ImportOptions = IMPORT_DEFAULTS,
  ) {}

  private issue(i: ContactImportIssue): void {
    if (this.result.errors.length < MAX_ISSUES) this.result.errors.push(i);
    else this.result.moreErrors++;
  }

  /** Runs the whole import: the first record is the header. Throws ImportHeaderError or ImportTooLarge. */
  async run(records: AsyncIterable<CsvRecord>): Promise<ContactImportResult> {
    const existingTags = await this.db.prepare("SELECT name FROM tags WHERE workspace_id = ?1").bind(this.target.workspaceId).all<{ name: string }>();
    for (const t of existingTags.results) this.tagNames.set(t.name.toLowerCase(), t.name);
    for await (const record of records) {
      if (!this.columns) {
        this.columns = columnsOf(record.fields);
        continue;
      }
      if (++this.rows > this.options.maxRows) {
        await this.flush();
        throw new ImportTooLarge(this.options.maxRows, this.result);
      }
      await this.add(record);
    }
    if (!this.columns) throw new ImportHeaderError("empty_file", "The file is empty.");
    if (this.rows === 0) throw new ImportHeaderError("no_rows", "The file has a header line but no contacts.");
    await this.flush();
    return this.result;
  }

  private async add(record: CsvRecord): Promise<void> {
    const { row, issues } = readRow(this.columns!, record.fields, record.row, this.target.callingCode);
    for (const i of issues) this.issue(i);
    if (!row) {
      this.result.skipped++;
      return;
    }
    row.tags = this.allowedTags(row);
    const first = this.firstRow.get(row.phone);
    if (first !== undefined) {
      this.result.merged++;
      this.issue({ row: row.row, column: "phone", code: "duplicate", message: `Same number as row ${first}: merged into it, this row's values win.` });
      const earlier = this.pending.get(row.phone);
      if (earlier) this.pending.set(row.phone, mergeRows(earlier, row));
      else {
        this.pending.set(row.phone, row);
        this.repeats.add(row.phone);
      }
    } else {
      this.firstRow.set(row.phone, row.row);
      this.pending.set(row.phone, row);
    }
    if (this.pending.size >= this.options.chunkRows) await this.flush();
  }

  /** The row's tags, spelled as the workspace has them; a new one past the import's allowance is left out. */
  private allowedTags(row: ImportRow): string[] {
    const out: string[] = [];
    for (const tag of row.tags) {
      const known = this.tagNames.get(tag.toLowerCase());
      if (known) out.push(known);
      else if (this.newTags < MAX_NEW_TAGS) {
        this.freshTags.push({ id: `tag_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`, name: tag, color: SWATCHES[this.newTags % SWATCHES.length]! });
        this.newTags++;
        this.tagNames.set(tag.toLowerCase(), tag);
        out.push(tag);
      } else this.issue({ row: row.row, column: "tags", code: "too_many_new_tags", message: `One import creates at most ${MAX_NEW_TAGS} tags: "${tag}" was not added.` });
    }
    return out;
  }

  /** Writes the pending group: one lookup, then one batch. */
  private async flush(): Promise<void> {
    if (!this.pending.size) return;
    const rows = [...this.pending.values()];
    const repeats = this.repeats;
    this.pending = new Map();
    this.repeats = new Set();
    const { workspaceId, channelId, now } = this.target;

    const existing = await this.lookup(rows.flatMap((r) => [r.phone, ...phoneKeyVariants(r.phone)]));
    const inserts: Array<{ id: string; key: string; name: string | null; attributes: Record<string, string>; consentAt: number | null }> = [];
    const updates = new Map<string, ImportRow>();
    const tagPairs: Array<[string, string]> = [];
    for (const row of rows) {
      const found = existing.get(row.phone) ?? phoneKeyVariants(row.phone).map((k) => existing.get(k)).find((e) => e !== undefined);
      const counted = !repeats.has(row.phone);
      let id: string;
      if (found) {
        id = found.id;
        if (counted) this.result.updated++;
        if (found.optedOutAt !== null && counted) {
          this.result.optedOut++;
          if (row.consent === "yes") this.issue({ row: row.row, column: "consent", code: "opted_out", message: "This contact opted out of marketing: the data was updated, but consent is only recorded when they opt back in." });
        }
        if (row.name && row.name !== found.name && this.renamed.size < MAX_RENAMED) this.renamed.set(id, row.name);
        // Two numbers of the file that are one contact (Mexico's "1", a merged duplicate): one update, later row winning.
        const before = updates.get(id);
        updates.set(id, before ? mergeRows(before, row) : row);
      } else {
        id = contactIdFor(await conversationIdFor(channelId, row.phone));
        if (counted) this.result.created++;
        inserts.push({ id, key: row.phone, name: row.name, attributes: row.attributes, consentAt: row.consent === "yes" ? now : null });
      }
      for (const tag of row.tags) tagPairs.push([id, tag]);
    }

    const fresh = this.freshTags;
    this.freshTags = [];
    const statements: D1PreparedStatement[] = [
      ...jsonChunks(fresh).map((json) => this.db.prepare(INSERT_TAGS_SQL).bind(workspaceId, now, json)),
      ...jsonChunks(inserts).map((json) => this.db.prepare(INSERT_CONTACTS_SQL).bind(workspaceId, channelId, now, json)),
      ...jsonChunks([...updates].map(([id, r]) => ({ id, name: r.name, attributes: r.attributes, consent: r.consent }))).map((json) => this.db.prepare(UPDATE_CONTACTS_SQL).bind(now, json)),
      ...jsonChunks(tagPairs).map((json) => this.db.prepare(INSERT_CONTACT_TAGS_SQL).bind(workspaceId, json)),
    ];
    if (statements.length) await this.db.batch(statements);
  }

  /** Contacts of the channel under these keys, by key; a contact merged into another stands for that one. */
  private async lookup(keys: string[]): Promise<Map<string, Existing>> {
    const found = (
      await this.db.batch<Existing>(jsonChunks(keys).map((json) => this.db.prepare(LOOKUP_SQL).bind(this.target.channelId, json)))
    ).flatMap((r) => r.results);
    const mergedIds = [...new Set(found.flatMap((e) => (e.mergedInto ? [e.mergedInto] : [])))];
    const primaries = new Map<string, Existing>();
    if (mergedIds.length) {
      const rows = (await this.db.batch<Existing>(jsonChunks(mergedIds).map((json) => this.db.prepare(BY_ID_SQL).bind(json)))).flatMap((r) => r.results);
      for (const p of rows) primaries.set(p.id, p);
    }
    return new Map(found.map((e) => [e.key, (e.mergedInto && primaries.get(e.mergedInto)) || e]));
  }
}
