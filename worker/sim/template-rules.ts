// Meta's rules for message templates (meta-api.md §11.1), as pure functions: what POST /{waba}/message_templates
// refuses at once (code 100), what the later review rejects (INVALID_FORMAT), and how many parameters a send needs.

type Json = Record<string, unknown>;

export const TEMPLATE_CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];
export type ParameterFormat = "POSITIONAL" | "NAMED";
/** A component as Meta stores and lists it: `type` (and a header's `format`) upper-cased, the rest as given. */
export type TemplateComponent = Json & { type: string };

export interface TemplateDraft {
  name: string;
  language: string;
  category: TemplateCategory;
  parameterFormat: ParameterFormat;
  components: TemplateComponent[];
}

export type DraftCheck = { ok: true; draft: TemplateDraft } | { ok: false; details: string };

export interface ReviewRejection {
  reason: "INVALID_FORMAT";
  rejectionInfo: { reason: string; recommendation: string };
}

const NAME = /^[a-z0-9_]+$/;
/** Meta's codes: `es`, `en_US`, `pt_BR`, `zh_HK`, `fil`… (a hyphen is normalised only when matching, see below). */
const LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2,4})?$/;
const NAMED_PARAM = /^[a-z_][a-z0-9_]*$/;
const TOKEN = /\{\{([^{}]*)\}\}/g;
/** Tokens holding these are left for the review to reject, as Meta does. */
const SPECIAL = /[#$%]/;
const HEADER_FORMATS = ["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION", "GIF"];
const BUTTON_LIMITS: Record<string, number> = { QUICK_REPLY: 10, URL: 2, PHONE_NUMBER: 1, COPY_CODE: 1, OTP: 1, VOICE_CALL: 1, FLOW: 1, MPM: 1, SPM: 1, CATALOG: 1 };
const LABEL_MAX = 25;
/** The body Meta writes for authentication templates, whose BODY carries no text. */
const AUTH_BODY = "*{{1}}* is your verification code.";
/** Review: fewer words than this per variable reads as "too many variables for its length". */
export const WORDS_PER_VARIABLE = 3;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";

/** `en-US` (webhooks, some clients) and `en_US` (creation, sends) name the same language. */
export function normaliseLanguage(code: string): string {
  const [lang = "", region] = code.trim().split(/[-_]/);
  return region ? `${lang.toLowerCase()}_${region.toUpperCase()}` : lang.toLowerCase();
}

/** The `{{…}}` tokens of a text that count as variables (those with #, $ or % are the review's business). */
function variables(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => (m[1] ?? "").trim()).filter((v) => !SPECIAL.test(v));
}

/** Distinct parameters a text declares, or why its variables are malformed for `format`. */
function paramsOf(text: string, format: ParameterFormat, where: string): { names: string[] } | { error: string } {
  const vars = variables(text);
  if (format === "POSITIONAL") {
    if (vars.some((v) => !/^\d+$/.test(v))) return { error: `${where} uses a variable that is not {{1}}, {{2}}…; set parameter_format to NAMED for named variables.` };
    const numbers = [...new Set(vars.map(Number))].sort((a, b) => a - b);
    if (numbers.some((n, i) => n !== i + 1)) return { error: `${where} variables must be sequential, starting at {{1}} (found ${numbers.map((n) => `{{${n}}}`).join(", ")}).` };
    return { names: numbers.map(String) };
  }
  const bad = vars.find((v) => !NAMED_PARAM.test(v));
  if (bad !== undefined) return { error: `${where} has the named variable {{${bad}}}: use lowercase letters, digits and underscores.` };
  return { names: [...new Set(vars)] };
}

/** The examples given for `names` in `example` (positional `key: [...]` or `namedKey: [{param_name, example}]`). */
function examplesMissing(example: unknown, names: string[], format: ParameterFormat, positional: (e: Json) => unknown[] | null, namedKey: string): boolean {
  if (!names.length) return false;
  if (!isObject(example)) return true;
  if (format === "POSITIONAL") {
    const values = positional(example);
    return !values || values.length < names.length || values.slice(0, names.length).some((v) => !isString(v) || !v.trim());
  }
  const named = Array.isArray(example[namedKey]) ? example[namedKey].filter(isObject) : [];
  return names.some((n) => !named.some((e) => e.param_name === n && isString(e.example) && e.example.trim()));
}

function checkHeader(c: Json, category: TemplateCategory, format: ParameterFormat): string | null {
  const kind = isString(c.format) ? c.format.toUpperCase() : "";
  if (!HEADER_FORMATS.includes(kind)) return `HEADER format must be one of ${HEADER_FORMATS.join(", ")}.`;
  if (kind === "GIF") return "GIF headers are only available through the Marketing Messages API.";
  if (kind === "LOCATION" && category === "AUTHENTICATION") return "LOCATION headers are only allowed in UTILITY and MARKETING templates.";
  if (kind === "TEXT") {
    if (!isString(c.text) || !c.text.trim()) return "A TEXT HEADER needs text.";
    if (c.text.length > 60) return "HEADER text must be at most 60 characters.";
    const params = paramsOf(c.text, format, "HEADER text");
    if ("error" in params) return params.error;
    if (params.names.length > 1) return "HEADER text may have at most 1 variable.";
    if (examplesMissing(c.example, params.names, format, (e) => (Array.isArray(e.header_text) ? e.header_text : null), "header_text_named_params")) {
      return format === "POSITIONAL"
        ? 'The HEADER variable needs an example: "example": {"header_text": ["…"]}.'
        : 'The HEADER variable needs an example: "example": {"header_text_named_params": [{"param_name": "…", "example": "…"}]}.';
    }
  } else if (kind !== "LOCATION") {
    const handles = isObject(c.example) && Array.isArray(c.example.header_handle) ? c.example.header_handle : [];
    if (!handles.length || !handles.every(isString)) return `A ${kind} HEADER needs "example": {"header_handle": ["<upload handle>"]}.`;
  }
  return null;
}

function checkBody(c: Json, format: ParameterFormat): string | null {
  if (!isString(c.text) || !c.text.trim()) return "BODY text is required.";
  if (c.text.length > 1024) return "BODY text must be at most 1024 characters.";
  const params = paramsOf(c.text, format, "BODY text");
  if ("error" in params) return params.error;
  const positional = (e: Json) => (Array.isArray(e.body_text) && Array.isArray(e.body_text[0]) ? (e.body_text[0] as unknown[]) : null);
  if (examplesMissing(c.example, params.names, format, positional, "body_text_named_params")) {
    return format === "POSITIONAL"
      ? `Every BODY variable needs an example: "example": {"body_text": [[${params.names.map(() => '"…"').join(", ")}]]} (${params.names.length} values).`
      : 'Every BODY variable needs an example: "example": {"body_text_named_params": [{"param_name": "…", "example": "…"}]}.';
  }
  return null;
}

function checkFooter(c: Json, category: TemplateCategory): string | null {
  if (category === "AUTHENTICATION" && c.text === undefined) return null; // code_expiration_minutes only
  if (!isString(c.text) || !c.text.trim()) return "FOOTER text is required.";
  if (c.text.length > 60) return "FOOTER text must be at most 60 characters.";
  if (/\{\{/.test(c.text)) return "FOOTER text can't have variables.";
  return null;
}

function checkButton(b: Json, i: number): string | null {
  const type = String(b.type ?? "").toUpperCase();
  const at = `buttons[${i}]`;
  if (!(type in BUTTON_LIMITS)) return `${at}.type must be one of ${Object.keys(BUTTON_LIMITS).join(", ")}.`;
  if (["QUICK_REPLY", "URL", "PHONE_NUMBER"].includes(type) && (!isString(b.text) || !b.text.trim() || b.text.length > LABEL_MAX)) {
    return `${at}.text is required and must be at most ${LABEL_MAX} characters.`;
  }
  if (type === "URL") {
    if (!isString(b.url) || !/^https?:\/\/\S+$/i.test(b.url) || b.url.length > 2000) return `${at}.url must be an http(s) URL of at most 2000 characters.`;
    const vars = [...b.url.matchAll(TOKEN)];
    if (vars.length > 1 || (vars.length === 1 && !b.url.endsWith("{{1}}"))) return `${at}.url may have one variable, {{1}}, at its end.`;
    if (vars.length === 1 && !(Array.isArray(b.example) && isString(b.example[0]) && b.example[0].trim())) return `${at} needs an example for its URL variable: "example": ["…"].`;
  }
  if (type === "PHONE_NUMBER" && (!isString(b.phone_number) || !/^\+?\d{5,20}$/.test(b.phone_number.replace(/[\s-]/g, "")) || b.phone_number.length > 20)) {
    return `${at}.phone_number must be a phone number of at most 20 characters.`;
  }
  if (type === "COPY_CODE") {
    const example = Array.isArray(b.example) ? b.example[0] : b.example;
    if (!isString(example) || !example.trim() || example.length > 20) return `${at}.example (the code) is required and must be at most 20 characters.`;
  }
  return null;
}

function checkButtons(c: Json): string | null {
  const buttons = Array.isArray(c.buttons) ? c.buttons : null;
  if (!buttons || buttons.length < 1) return "BUTTONS needs a non-empty buttons array.";
  if (buttons.length > 10) return "A template may have at most 10 buttons.";
  for (const [i, b] of buttons.entries()) {
    if (!isObject(b)) return `buttons[${i}] must be an object.`;
    const problem = checkButton(b, i);
    if (problem) return problem;
  }
  const types = buttons.map((b) => String((b as Json).type).toUpperCase());
  for (const [type, max] of Object.entries(BUTTON_LIMITS)) {
    if (types.filter((t) => t === type).length > max) return `A template may have at most ${max} ${type} button${max === 1 ? "" : "s"}.`;
  }
  const first = types.indexOf("QUICK_REPLY");
  const last = types.lastIndexOf("QUICK_REPLY");
  if (first >= 0 && types.slice(first, last + 1).some((t) => t !== "QUICK_REPLY")) {
    return "QUICK_REPLY buttons must be grouped together (e.g. QUICK_REPLY, QUICK_REPLY, URL), not mixed between other buttons.";
  }
  return null;
}

/** Normalises what Meta upper-cases and fills the authentication body Meta writes itself. */
function normaliseComponent(c: Json, category: TemplateCategory): TemplateComponent {
  const type = String(c.type).toUpperCase();
  const out: TemplateComponent = { ...c, type };
  if (type === "HEADER" && isString(c.format)) out.format = c.format.toUpperCase();
  if (type === "BUTTONS" && Array.isArray(c.buttons)) out.buttons = c.buttons.map((b) => (isObject(b) ? { ...b, type: String(b.type).toUpperCase() } : b));
  if (type === "BODY" && category === "AUTHENTICATION" && !isString(c.text)) out.text = AUTH_BODY;
  return out;
}

/** Validates a creation request like Meta: the first problem found, worded for whoever built the request. */
export function checkTemplateDraft(raw: unknown): DraftCheck {
  const fail = (details: string): DraftCheck => ({ ok: false, details });
  if (!isObject(raw)) return fail("The request body must be a JSON object.");
  const { name, language, category } = raw;
  if (!isString(name) || !name) return fail("The parameter name is required.");
  if (name.length > 512 || !NAME.test(name)) return fail("Param name must be at most 512 characters and only use lowercase letters, digits and underscores.");
  if (!isString(language) || !LANGUAGE.test(language)) return fail("Param language must be a supported language code such as es, en_US or pt_BR.");
  const cat = isString(category) ? category.toUpperCase() : "";
  if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(cat)) return fail(`Param category must be one of ${TEMPLATE_CATEGORIES.join(", ")}.`);
  const tplCategory = cat as TemplateCategory;
  const pf = raw.parameter_format === undefined ? "POSITIONAL" : isString(raw.parameter_format) ? raw.parameter_format.toUpperCase() : "";
  if (pf !== "POSITIONAL" && pf !== "NAMED") return fail("Param parameter_format must be POSITIONAL or NAMED.");
  const format: ParameterFormat = pf;
  if (!Array.isArray(raw.components) || !raw.components.length) return fail("The parameter components is required.");
  const components = raw.components;
  if (!components.every(isObject)) return fail("Every component must be an object with a type.");
  const count = (type: string) => components.filter((c) => String(c.type).toUpperCase() === type).length;
  for (const type of ["HEADER", "BODY", "FOOTER", "BUTTONS"]) if (count(type) > 1) return fail(`A template may have at most one ${type} component.`);
  if (count("BODY") !== 1) return fail("A template needs a BODY component.");
  for (const c of components) {
    const type = String(c.type).toUpperCase();
    let problem: string | null;
    if (type === "HEADER") problem = checkHeader(c, tplCategory, format);
    else if (type === "BODY") problem = tplCategory === "AUTHENTICATION" && c.text === undefined ? null : checkBody(c, format);
    else if (type === "FOOTER") problem = checkFooter(c, tplCategory);
    else if (type === "BUTTONS") problem = checkButtons(c);
    else problem = `Component type must be one of HEADER, BODY, FOOTER, BUTTONS (got ${JSON.stringify(c.type ?? null)}).`;
    if (problem) return fail(problem);
  }
  return { ok: true, draft: { name, language, category: tplCategory, parameterFormat: format, components: components.map((c) => normaliseComponent(c, tplCategory)) } };
}

const componentText = (components: TemplateComponent[], type: string): string | null => {
  const c = components.find((x) => x.type === type);
  return c && isString(c.text) ? c.text : null;
};

/** How many values a send must give for the header and the body (distinct variables). */
export function templateParams(components: TemplateComponent[], format: ParameterFormat): { header: number; body: number } {
  const count = (text: string | null) => {
    if (!text) return 0;
    const params = paramsOf(text, format, "");
    return "names" in params ? params.names.length : 0;
  };
  const header = components.find((c) => c.type === "HEADER");
  return { header: header?.format === "TEXT" ? count(componentText(components, "HEADER")) : 0, body: count(componentText(components, "BODY")) };
}

/**
 * The review Meta runs after creation, reduced to the format rules it states (template-review): variables with
 * #, $ or %, variables at the very start or end, adjacent variables, or too many variables for the text's length.
 */
export function reviewTemplate(draft: Pick<TemplateDraft, "category" | "components">): ReviewRejection | null {
  if (draft.category === "AUTHENTICATION") return null; // Meta writes the body itself
  const body = componentText(draft.components, "BODY") ?? "";
  const reject = (reason: string, recommendation: string): ReviewRejection => ({ reason: "INVALID_FORMAT", rejectionInfo: { reason, recommendation } });
  const tokens = [...body.matchAll(TOKEN)];
  if (tokens.some((m) => SPECIAL.test(m[1] ?? ""))) {
    return reject("Variable parameters contain special characters such as #, $ or %.", "Use only {{1}}, {{2}}… or lowercase named variables inside the braces.");
  }
  // Punctuation around the text does not count: "{{1}}." still ends with a variable.
  const trimmed = body.trim().replace(/^[\s¡¿"'*_~]+/, "").replace(/[\s.!?"'*_~]+$/, "");
  if (trimmed.startsWith("{{") || trimmed.endsWith("}}")) {
    return reject("Variable parameters are at the start or end of the template.", "Add fixed text before the first and after the last variable.");
  }
  if (/\}\}[\s.,;:!?]*\{\{/.test(body)) return reject("Variable parameters are next to each other.", "Separate every two variables with fixed text.");
  const words = body.replace(TOKEN, " ").split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (tokens.length && words < WORDS_PER_VARIABLE * tokens.length) {
    return reject("The template has too many variable parameters for its length.", `Write at least ${WORDS_PER_VARIABLE} words of fixed text per variable, or use fewer variables.`);
  }
  return null;
}
