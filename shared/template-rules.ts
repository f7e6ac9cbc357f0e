// WhatsApp template definitions against Meta's limits (meta-api.md §11.1), and the translation between the form
// Colmena shows and Meta's `components` array. Pure: the API validates with it before calling Graph, the settings
// form checks as the admin types, and sync derives the columns agents see (body, header, parameter counts).
import { TEMPLATE_STATUSES, type TemplateStatus } from "./model";

export const TEMPLATE_CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];
export const TEMPLATE_QUALITIES = ["GREEN", "YELLOW", "RED", "UNKNOWN"] as const;
export type TemplateQuality = (typeof TEMPLATE_QUALITIES)[number];
export const MEDIA_HEADER_FORMATS = ["IMAGE", "VIDEO", "DOCUMENT"] as const;
export type MediaHeaderFormat = (typeof MEDIA_HEADER_FORMATS)[number];
/** The sample file types Meta takes for each media header (sizes: shared/whatsapp-limits.ts per kind). */
export const HEADER_MEDIA_TYPES: Record<MediaHeaderFormat, readonly string[]> = {
  IMAGE: ["image/jpeg", "image/png"],
  VIDEO: ["video/mp4"],
  DOCUMENT: ["application/pdf"],
};

/** "image/png" → "IMAGE"; null for a type no media header takes. */
export function headerFormatFor(mimeType: string): MediaHeaderFormat | null {
  return MEDIA_HEADER_FORMATS.find((f) => HEADER_MEDIA_TYPES[f].includes(mimeType)) ?? null;
}

export const TEMPLATE_LIMITS = {
  name: 512,
  headerText: 60,
  body: 1024,
  footer: 60,
  buttons: 10,
  quickReplies: 10,
  urlButtons: 2,
  phoneButtons: 1,
  copyCodeButtons: 1,
  buttonLabel: 25,
  url: 2000,
  phone: 20,
  copyCode: 20,
  example: 1024,
} as const;

export type TemplateHeader =
  | { format: "TEXT"; text: string; /** Required when the text has {{1}}. */ example?: string }
  /** A media header is approved with a sample file: Meta's Resumable Upload handle ("4::aW…"). */
  | { format: MediaHeaderFormat; handle: string; /** The sample kept in R2 (POST /api/templates/header-media), sent as the header later. */ mediaKey?: string; filename?: string };

export type TemplateButton =
  | { type: "QUICK_REPLY"; text: string }
  /** `url` may end in {{1}}: then `example` is the value used for review. */
  | { type: "URL"; text: string; url: string; example?: string }
  | { type: "PHONE_NUMBER"; text: string; phone: string }
  /** The label is fixed by WhatsApp ("Copy code"); `example` is a sample code. */
  | { type: "COPY_CODE"; example: string };

/** A template as the admin writes it: positional {{1}}…{{n}} variables with one example each. */
export interface TemplateDefinition {
  name: string;
  language: string;
  category: TemplateCategory;
  header?: TemplateHeader | null;
  body: string;
  bodyExamples: string[];
  footer?: string | null;
  buttons?: TemplateButton[];
}

/** One broken rule: `field` points into the definition (e.g. "buttons.2.text"), `rule` is a stable code. */
export interface TemplateIssue {
  field: string;
  rule: TemplateRule;
  message: string;
  /** Numbers for the message (a limit, a count), so the form can word it in its own language. */
  limit?: number;
}

export type TemplateRule =
  | "name_format" | "name_length" | "language_format" | "category"
  | "header_length" | "header_params" | "header_example" | "header_handle"
  | "body_required" | "body_length" | "body_braces" | "body_sequence" | "body_examples" | "example_length"
  | "footer_length" | "footer_params"
  | "buttons_total" | "quick_replies_max" | "urls_max" | "phones_max" | "copy_codes_max" | "quick_replies_contiguous"
  | "button_label" | "url_format" | "url_variable" | "url_example" | "phone_format" | "copy_code_example";

export const NAME_PATTERN = /^[a-z0-9_]+$/;
/** Meta's language codes: "es", "es_MX", "en_US", "fil", "zh_CN"… */
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(_[A-Z]{2,4})?$/;
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const POSITIONAL = /^[1-9]\d*$/;

/** Meta's webhooks write `en-US` where creation uses `en_US`: one spelling for matching and storing. */
export function normalizeLanguage(language: string): string {
  return language.trim().replace("-", "_");
}

/** The variables of a text in order of appearance, e.g. ["1", "2"] or ["nombre"] (named parameters, from sync). */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** How many values a text needs at send time: distinct variables (the same {{1}} twice is one value). */
export function parameterCount(text: string | null | undefined): number {
  return text ? new Set(placeholdersOf(text)).size : 0;
}

/** Braces that are not a well-formed {{n}}: "{{1}", "{1}}", "{{ }}", "{{a b}}". */
function hasBrokenBraces(text: string): boolean {
  const rest = text.replace(/\{\{[1-9]\d*\}\}/g, "");
  return rest.includes("{{") || rest.includes("}}");
}

/** Variables must be {{1}}…{{n}} with no gap (repeats allowed). */
function isSequential(text: string): boolean {
  const numbers = [...new Set(placeholdersOf(text))].map(Number).sort((a, b) => a - b);
  return numbers.every((n, i) => n === i + 1);
}

const chars = (s: string) => [...s].length;

function checkButtons(buttons: TemplateButton[], issue: (field: string, rule: TemplateRule, message: string, limit?: number) => void): void {
  const L = TEMPLATE_LIMITS;
  if (buttons.length > L.buttons) issue("buttons", "buttons_total", `At most ${L.buttons} buttons in total.`, L.buttons);
  const count = (type: TemplateButton["type"]) => buttons.filter((b) => b.type === type).length;
  if (count("QUICK_REPLY") > L.quickReplies) issue("buttons", "quick_replies_max", `At most ${L.quickReplies} quick replies.`, L.quickReplies);
  if (count("URL") > L.urlButtons) issue("buttons", "urls_max", `At most ${L.urlButtons} URL buttons.`, L.urlButtons);
  if (count("PHONE_NUMBER") > L.phoneButtons) issue("buttons", "phones_max", `At most ${L.phoneButtons} phone button.`, L.phoneButtons);
  if (count("COPY_CODE") > L.copyCodeButtons) issue("buttons", "copy_codes_max", `At most ${L.copyCodeButtons} copy-code button.`, L.copyCodeButtons);
  // QR,QR,URL is fine; QR,URL,QR is not: quick replies form one group.
  const first = buttons.findIndex((b) => b.type === "QUICK_REPLY");
  const last = buttons.reduce((at, b, i) => (b.type === "QUICK_REPLY" ? i : at), -1);
  if (first >= 0 && buttons.slice(first, last + 1).some((b) => b.type !== "QUICK_REPLY")) {
    issue("buttons", "quick_replies_contiguous", "Quick replies must be next to each other (not mixed between other buttons).");
  }
  buttons.forEach((b, i) => {
    const at = `buttons.${i}`;
    if (b.type !== "COPY_CODE" && (!b.text.trim() || chars(b.text) > L.buttonLabel)) {
      issue(`${at}.text`, "button_label", `Button labels need 1–${L.buttonLabel} characters.`, L.buttonLabel);
    }
    if (b.type === "URL") {
      const vars = placeholdersOf(b.url);
      let parsed: URL | null = null;
      try {
        parsed = new URL(b.url.replace(PLACEHOLDER, "x"));
      } catch {
        parsed = null;
      }
      if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:") || chars(b.url) > L.url) {
        issue(`${at}.url`, "url_format", `The URL must be a full http(s) address of at most ${L.url} characters.`, L.url);
      } else if (vars.length > 1 || (vars.length === 1 && (vars[0] !== "1" || !b.url.trimEnd().endsWith("{{1}}")))) {
        issue(`${at}.url`, "url_variable", "A URL may have one variable, {{1}}, and only at its end.");
      } else if (vars.length === 1 && !b.example?.trim()) {
        issue(`${at}.example`, "url_example", "A URL with {{1}} needs an example value.");
      }
    }
    if (b.type === "PHONE_NUMBER" && (!/^\+?\d{4,19}$/.test(b.phone.replace(/[\s-]/g, "")) || chars(b.phone) > L.phone)) {
      issue(`${at}.phone`, "phone_format", `The phone number needs digits in international format, at most ${L.phone} characters.`, L.phone);
    }
    if (b.type === "COPY_CODE" && (!b.example.trim() || chars(b.example) > L.copyCode)) {
      issue(`${at}.example`, "copy_code_example", `The sample code needs 1–${L.copyCode} characters.`, L.copyCode);
    }
  });
}

/** Every rule the definition breaks (empty: Meta should accept its shape; review may still reject it). */
export function checkTemplate(def: TemplateDefinition): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const issue = (field: string, rule: TemplateRule, message: string, limit?: number) =>
    void issues.push(limit === undefined ? { field, rule, message } : { field, rule, message, limit });
  const L = TEMPLATE_LIMITS;

  if (!NAME_PATTERN.test(def.name)) issue("name", "name_format", "Use only lowercase letters, digits and _ (e.g. cita_recordatorio).");
  else if (def.name.length > L.name) issue("name", "name_length", `At most ${L.name} characters.`, L.name);
  if (!LANGUAGE_PATTERN.test(def.language)) issue("language", "language_format", 'Use Meta\'s language code, e.g. "es" or "es_MX".');
  if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(def.category)) issue("category", "category", `Category must be ${TEMPLATE_CATEGORIES.join(", ")}.`);

  const header = def.header;
  if (header?.format === "TEXT") {
    const vars = placeholdersOf(header.text);
    if (!header.text.trim() || chars(header.text) > L.headerText) issue("header.text", "header_length", `A text header needs 1–${L.headerText} characters.`, L.headerText);
    if (vars.length > 1 || (vars.length === 1 && vars[0] !== "1") || hasBrokenBraces(header.text)) {
      issue("header.text", "header_params", "A text header may have one variable, {{1}}.");
    } else if (vars.length === 1 && !header.example?.trim()) {
      issue("header.example", "header_example", "The header variable needs an example value.");
    }
  } else if (header && !header.handle.trim()) {
    issue("header.handle", "header_handle", "A media header needs a sample file handle from Meta's upload.");
  }

  if (!def.body.trim()) issue("body", "body_required", "The body is required.");
  else if (chars(def.body) > L.body) issue("body", "body_length", `The body may have at most ${L.body} characters.`, L.body);
  if (hasBrokenBraces(def.body)) issue("body", "body_braces", "Variables are written {{1}}, {{2}}… (check the braces).");
  else if (!isSequential(def.body)) issue("body", "body_sequence", "Number the variables {{1}}, {{2}}… without gaps.");
  const needed = parameterCount(def.body);
  if (def.bodyExamples.length !== needed || def.bodyExamples.some((e) => !e.trim())) {
    issue("bodyExamples", "body_examples", `Give one example for each of the ${needed} body variables.`, needed);
  }
  if ([...def.bodyExamples, header?.format === "TEXT" ? (header.example ?? "") : ""].some((e) => chars(e) > L.example)) {
    issue("bodyExamples", "example_length", `Examples may have at most ${L.example} characters.`, L.example);
  }

  if (def.footer) {
    if (chars(def.footer) > L.footer) issue("footer", "footer_length", `The footer may have at most ${L.footer} characters.`, L.footer);
    if (placeholdersOf(def.footer).length || hasBrokenBraces(def.footer)) issue("footer", "footer_params", "The footer cannot have variables.");
  }
  checkButtons(def.buttons ?? [], issue);
  return issues;
}

// ---------- Meta's components ----------

/** One entry of Meta's `components` array, as sent on create and returned by the list. */
export interface MetaComponent {
  type: string;
  format?: string;
  text?: string;
  example?: Record<string, unknown>;
  buttons?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** Meta's components for a (checked) definition. */
export function toMetaComponents(def: TemplateDefinition): MetaComponent[] {
  const components: MetaComponent[] = [];
  const header = def.header;
  if (header?.format === "TEXT") {
    const example = parameterCount(header.text) && header.example ? { example: { header_text: [header.example] } } : {};
    components.push({ type: "HEADER", format: "TEXT", text: header.text, ...example });
  } else if (header) {
    components.push({ type: "HEADER", format: header.format, example: { header_handle: [header.handle] } });
  }
  components.push({ type: "BODY", text: def.body, ...(def.bodyExamples.length ? { example: { body_text: [def.bodyExamples] } } : {}) });
  if (def.footer) components.push({ type: "FOOTER", text: def.footer });
  if (def.buttons?.length) {
    components.push({
      type: "BUTTONS",
      buttons: def.buttons.map((b) => {
        switch (b.type) {
          case "QUICK_REPLY":
            return { type: "QUICK_REPLY", text: b.text };
          case "URL":
            return { type: "URL", text: b.text, url: b.url, ...(placeholdersOf(b.url).length && b.example ? { example: [b.example] } : {}) };
          case "PHONE_NUMBER":
            return { type: "PHONE_NUMBER", text: b.text, phone_number: b.phone };
          case "COPY_CODE":
            return { type: "COPY_CODE", example: b.example };
        }
      }),
    });
  }
  return components;
}

/** What agents see and what sending checks, read from Meta's components (created here or synced). */
export interface DerivedTemplateText {
  header: string | null;
  body: string;
  headerParams: number;
  bodyParams: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function deriveFromComponents(components: unknown): DerivedTemplateText {
  const list = Array.isArray(components) ? components.filter(isRecord) : [];
  const of = (type: string) => list.find((c) => String(c.type).toUpperCase() === type);
  const header = of("HEADER");
  const body = of("BODY");
  const headerText = header && String(header.format ?? "TEXT").toUpperCase() === "TEXT" && typeof header.text === "string" ? header.text : null;
  const bodyText = body && typeof body.text === "string" ? body.text : "";
  return { header: headerText, body: bodyText, headerParams: parameterCount(headerText), bodyParams: parameterCount(bodyText) };
}

/** The body with each {{n}} replaced by its example (the form's live preview); missing examples stay as {{n}}. */
export function fillExamples(text: string, examples: string[]): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => (POSITIONAL.test(key) && examples[Number(key) - 1]?.trim() ? examples[Number(key) - 1]! : whole));
}

// ---------- Meta's status events ----------

/**
 * The status a `message_template_status_update` event leaves the template in, or null when it changes none:
 * FLAGGED (quality at risk) and LOCKED (no edits) keep the status; REINSTATED and UNARCHIVED make it sendable again.
 * The other events are named like the status they set.
 */
export function statusAfterEvent(event: string): TemplateStatus | null {
  if (event === "REINSTATED" || event === "UNARCHIVED") return "APPROVED";
  return (TEMPLATE_STATUSES as readonly string[]).includes(event) ? (event as TemplateStatus) : null;
}
