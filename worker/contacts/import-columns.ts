// What each column of a contacts CSV means, and one row read into a contact: the header names the columns (Spanish
// or English, any case, with or without accents), every column we do not know becomes an attribute. Pure: the
// import (contact-import.ts) does the reading and the writing.
import type { ContactImportIssue } from "../../shared/api/contacts";
import { toE164Digits } from "../../shared/phone";
import { normalizeText } from "../../shared/text-fold";

export type Consent = "yes" | "no" | null;

export interface ImportRow {
  row: number;
  /** E.164 digits without "+": the contact key of a WhatsApp contact. */
  phone: string;
  name: string | null;
  tags: string[];
  attributes: Record<string, string>;
  /** "yes" records consent, "no" clears it, null leaves it as it is. */
  consent: Consent;
}

export interface Columns {
  phone: number;
  name: number | null;
  tags: number | null;
  consent: number | null;
  /** Attribute name (the header as written) → column. */
  attributes: Array<[string, number]>;
}

const ROLES: Record<"phone" | "name" | "tags" | "consent", string[]> = {
  phone: ["phone", "phone number", "telefono", "movil", "celular", "mobile", "whatsapp", "tel"],
  name: ["name", "nombre", "full name", "nombre completo"],
  tags: ["tags", "etiquetas", "tag", "etiqueta"],
  consent: ["consent", "consentimiento", "marketing"],
};

export const LIMITS = { name: 120, attributeKey: 60, attributeValue: 500, attributes: 50, tag: 40, tagsPerRow: 20 } as const;

const fold = (s: string) => normalizeText(s).replace(/[_\s]+/g, " ").trim();

export class ImportHeaderError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The meaning of each header. Throws ImportHeaderError when there is no phone column or too many others. */
export function columnsOf(header: string[]): Columns {
  const columns: Columns = { phone: -1, name: null, tags: null, consent: null, attributes: [] };
  const seen = new Set<string>();
  header.forEach((raw, index) => {
    const label = raw.trim();
    const key = fold(label);
    if (!key) return;
    const role = (Object.keys(ROLES) as Array<keyof typeof ROLES>).find((r) => ROLES[r].includes(key));
    if (role === "phone" && columns.phone < 0) columns.phone = index;
    else if (role && role !== "phone" && columns[role] === null) columns[role] = index;
    else if (!seen.has(key)) columns.attributes.push([label.slice(0, LIMITS.attributeKey), index]);
    seen.add(key);
  });
  if (columns.phone < 0) {
    throw new ImportHeaderError("missing_phone_column", "The first line must name the columns, one of them the phone (teléfono, móvil, whatsapp or phone).", { header: header.slice(0, 50) });
  }
  if (columns.attributes.length > LIMITS.attributes) {
    throw new ImportHeaderError("too_many_columns", `At most ${LIMITS.attributes} columns besides phone, name, tags and consent.`, { columns: columns.attributes.length });
  }
  return columns;
}

const YES = new Set(["yes", "y", "si", "s", "true", "1", "x", "ok"]);
const NO = new Set(["no", "n", "false", "0"]);

/** yes/sí/true/1/x → "yes", no/false/0 → "no", empty → null (unchanged); anything else is undefined (not understood). */
export function consentOf(value: string): Consent | undefined {
  const v = fold(value);
  if (!v) return null;
  if (YES.has(v)) return "yes";
  if (NO.has(v)) return "no";
  return undefined;
}

/** "VIP; Madrid | vip" → ["VIP", "Madrid"]: split on ";" or "|", trimmed, repeats (any case) dropped. */
export function tagsOf(value: string): string[] {
  const out = new Map<string, string>();
  for (const part of value.split(/[;|]/)) {
    const tag = part.trim().replace(/\s+/g, " ");
    if (tag && !out.has(tag.toLowerCase())) out.set(tag.toLowerCase(), tag);
  }
  return [...out.values()];
}

/**
 * One record → the contact it describes, plus what was wrong with it. A row without a usable phone is skipped
 * (`row` null); a bad value elsewhere is reported and left out, the rest of the row still imported.
 */
export function readRow(columns: Columns, fields: string[], row: number, callingCode: string): { row: ImportRow | null; issues: ContactImportIssue[] } {
  const issues: ContactImportIssue[] = [];
  const cell = (i: number | null) => (i === null ? "" : (fields[i] ?? "").trim());
  const typed = cell(columns.phone);
  if (!typed) return { row: null, issues: [{ row, column: "phone", code: "missing_phone", message: "No phone number." }] };
  const phone = toE164Digits(typed, callingCode);
  if (!phone) {
    // Excel shows long numbers as 3,46E+11 unless the column is text.
    const hint = /e\+?\d+$/i.test(typed) ? " The spreadsheet turned it into a number in scientific notation: format the column as text." : "";
    return { row: null, issues: [{ row, column: "phone", code: "invalid_phone", message: `"${typed.slice(0, 40)}" is not a valid phone number.${hint}` }] };
  }
  let name: string | null = cell(columns.name).replace(/\s+/g, " ") || null;
  if (name && name.length > LIMITS.name) {
    issues.push({ row, column: "name", code: "value_too_long", message: `Names are limited to ${LIMITS.name} characters; the name was not imported.` });
    name = null;
  }
  const tags: string[] = [];
  for (const tag of tagsOf(cell(columns.tags))) {
    if (tag.length > LIMITS.tag) issues.push({ row, column: "tags", code: "value_too_long", message: `Tags are limited to ${LIMITS.tag} characters: "${tag.slice(0, 50)}…" was not imported.` });
    else if (tags.length >= LIMITS.tagsPerRow) issues.push({ row, column: "tags", code: "too_many_tags", message: `At most ${LIMITS.tagsPerRow} tags per row.` });
    else tags.push(tag);
  }
  let consent = consentOf(cell(columns.consent));
  if (consent === undefined) {
    issues.push({ row, column: "consent", code: "invalid_consent", message: `"${cell(columns.consent).slice(0, 40)}" is neither yes (sí, 1, x) nor no (0); consent was left unchanged.` });
    consent = null;
  }
  const attributes: Record<string, string> = {};
  for (const [key, index] of columns.attributes) {
    const value = cell(index);
    if (!value) continue;
    if (value.length > LIMITS.attributeValue) issues.push({ row, column: key, code: "value_too_long", message: `Values are limited to ${LIMITS.attributeValue} characters; "${key}" was not imported.` });
    else attributes[key] = value;
  }
  return { row: { row, phone, name, tags, attributes, consent }, issues };
}

/** A later row for the same number wins: its name, consent and values replace the earlier ones; tags add up. */
export function mergeRows(earlier: ImportRow, later: ImportRow): ImportRow {
  return {
    row: later.row,
    phone: later.phone,
    name: later.name ?? earlier.name,
    tags: tagsOf([...earlier.tags, ...later.tags].join(";")),
    attributes: { ...earlier.attributes, ...later.attributes },
    consent: later.consent ?? earlier.consent,
  };
}
