// The simulator's message templates in its Durable Object's SQLite: one row per WABA + name + language, with
// Meta's components, review status and quality. Starts (and restarts after a reset) with the demo templates.
import { DEMO_CHANNEL, DEMO_TEMPLATES } from "../dev/demo-fixture";
import { normaliseLanguage, type ParameterFormat, type TemplateCategory, type TemplateComponent, type TemplateDraft } from "./template-rules";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_templates (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, waba_id TEXT NOT NULL,
  name TEXT NOT NULL, language TEXT NOT NULL, category TEXT NOT NULL, parameter_format TEXT NOT NULL, components TEXT NOT NULL,
  status TEXT NOT NULL, quality TEXT NOT NULL, reason TEXT, created_at INTEGER NOT NULL, UNIQUE (waba_id, name, language));
`;

export type TemplateQuality = "GREEN" | "YELLOW" | "RED" | "UNKNOWN";

export interface StoredTemplate {
  /** Meta's numeric id, as a string (webhooks carry it as a JSON number). */
  id: string;
  /** Paging order. */
  seq: number;
  wabaId: string;
  name: string;
  /** Normalised (`en_US`, never `en-US`). */
  language: string;
  category: TemplateCategory;
  parameterFormat: ParameterFormat;
  components: TemplateComponent[];
  status: string;
  quality: TemplateQuality;
  /** The review's or the last event's reason (INVALID_FORMAT, NONE…). */
  reason: string | null;
  createdAt: number;
}

export interface TemplateFilter {
  name?: string;
  language?: string;
  category?: string;
  statuses?: string[];
}

type Row = Record<string, SqlStorageValue>;

/** 16-digit ids below 2^53, so the webhook's JSON number survives any JSON parser. */
function newTemplateId(): string {
  const digits = [...crypto.getRandomValues(new Uint8Array(15))].map((b) => b % 10).join("");
  return `1${digits}`;
}

export class TemplateStore {
  constructor(private readonly sql: SqlStorage) {
    const existed = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sim_templates'").toArray().length > 0;
    sql.exec(SCHEMA);
    if (!existed) this.#seedDemo();
  }

  /** Back to the demo templates only, all APPROVED with their fixed ids. */
  reset(): void {
    this.sql.exec("DELETE FROM sim_templates");
    this.#seedDemo();
  }

  #seedDemo(): void {
    for (const t of DEMO_TEMPLATES) {
      this.sql.exec(
        `INSERT OR IGNORE INTO sim_templates (id, waba_id, name, language, category, parameter_format, components, status, quality, reason, created_at)
         VALUES (?, ?, ?, ?, ?, 'POSITIONAL', ?, 'APPROVED', 'GREEN', 'NONE', 0)`,
        t.metaId, DEMO_CHANNEL.wabaId, t.name, normaliseLanguage(t.language), t.category, JSON.stringify(t.components),
      );
    }
  }

  /** A new PENDING template, or null when that name already exists in that language (Meta's 2388024). */
  create(wabaId: string, draft: TemplateDraft, now: number): StoredTemplate | null {
    if (this.find(wabaId, draft.name, draft.language)) return null;
    let id = newTemplateId();
    while (this.byId(id)) id = newTemplateId();
    this.sql.exec(
      `INSERT INTO sim_templates (id, waba_id, name, language, category, parameter_format, components, status, quality, reason, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 'UNKNOWN', NULL, ?)`,
      id, wabaId, draft.name, normaliseLanguage(draft.language), draft.category, draft.parameterFormat, JSON.stringify(draft.components), now,
    );
    return this.byId(id);
  }

  byId(id: string): StoredTemplate | null {
    const r = this.sql.exec<Row>("SELECT * FROM sim_templates WHERE id = ?", id).toArray()[0];
    return r ? toTemplate(r) : null;
  }

  /** By name and language, `en-US` and `en_US` alike. */
  find(wabaId: string, name: string, language: string): StoredTemplate | null {
    const r = this.sql.exec<Row>("SELECT * FROM sim_templates WHERE waba_id = ? AND name = ? AND language = ?", wabaId, name, normaliseLanguage(language)).toArray()[0];
    return r ? toTemplate(r) : null;
  }

  byName(wabaId: string, name: string): StoredTemplate[] {
    return this.sql.exec<Row>("SELECT * FROM sim_templates WHERE waba_id = ? AND name = ? ORDER BY seq", wabaId, name).toArray().map(toTemplate);
  }

  /** One page in creation order: `limit` rows after (or before) a seq, plus whether more lie beyond. */
  page(wabaId: string, filter: TemplateFilter, cursor: { after?: number; before?: number }, limit: number): { rows: StoredTemplate[]; more: boolean } {
    const statuses = filter.statuses?.length ? JSON.stringify(filter.statuses.map((s) => s.toUpperCase())) : null;
    const backwards = cursor.before !== undefined;
    const rows = this.sql
      .exec<Row>(
        `SELECT * FROM sim_templates WHERE waba_id = ?1 AND (?2 IS NULL OR name = ?2) AND (?3 IS NULL OR language = ?3)
           AND (?4 IS NULL OR category = ?4) AND (?5 IS NULL OR status IN (SELECT value FROM json_each(?5)))
           AND (?6 IS NULL OR seq > ?6) AND (?7 IS NULL OR seq < ?7)
         ORDER BY seq ${backwards ? "DESC" : "ASC"} LIMIT ?8`,
        wabaId,
        filter.name ?? null,
        filter.language ? normaliseLanguage(filter.language) : null,
        filter.category?.toUpperCase() ?? null,
        statuses,
        cursor.after ?? null,
        cursor.before ?? null,
        limit + 1,
      )
      .toArray()
      .map(toTemplate);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    return { rows: backwards ? page.reverse() : page, more };
  }

  /** Whether any template of this WABA comes before `seq` (a "previous" page exists). */
  hasBefore(wabaId: string, seq: number): boolean {
    return this.sql.exec("SELECT 1 FROM sim_templates WHERE waba_id = ? AND seq < ? LIMIT 1", wabaId, seq).toArray().length > 0;
  }

  all(): StoredTemplate[] {
    return this.sql.exec<Row>("SELECT * FROM sim_templates ORDER BY seq").toArray().map(toTemplate);
  }

  setStatus(id: string, status: string, reason: string | null): void {
    this.sql.exec("UPDATE sim_templates SET status = ?, reason = ? WHERE id = ?", status, reason, id);
  }

  setQuality(id: string, quality: TemplateQuality): void {
    this.sql.exec("UPDATE sim_templates SET quality = ? WHERE id = ?", quality, id);
  }

  delete(ids: string[]): void {
    for (const id of ids) this.sql.exec("DELETE FROM sim_templates WHERE id = ?", id);
  }
}

function toTemplate(r: Row): StoredTemplate {
  return {
    id: String(r.id),
    seq: Number(r.seq),
    wabaId: String(r.waba_id),
    name: String(r.name),
    language: String(r.language),
    category: String(r.category) as TemplateCategory,
    parameterFormat: String(r.parameter_format) as ParameterFormat,
    components: JSON.parse(String(r.components)) as TemplateComponent[],
    status: String(r.status),
    quality: String(r.quality) as TemplateQuality,
    reason: r.reason === null ? null : String(r.reason),
    createdAt: Number(r.created_at),
  };
}
