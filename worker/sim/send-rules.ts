// Validates POST /{phone_number_id}/messages bodies the way the Cloud API does (meta-api.md §4.2–4.3, §5 limits):
// returns the normalized send (or mark-read) or Meta's error envelope. Pure: the caller supplies media and
// template lookups.
import { type GraphErrorEnvelope, graphError, invalidParameter } from "./graph-errors";
import { templateParams } from "./template-rules";
import type { StoredTemplate } from "./template-store";

type Json = Record<string, unknown>;

export const MESSAGE_TYPES = ["text", "image", "audio", "video", "document", "sticker", "location", "contacts", "interactive", "template", "reaction"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
const MEDIA_TYPES = new Set<string>(["image", "audio", "video", "document", "sticker"]);
const INTERACTIVE_TYPES = new Set(["button", "list", "cta_url", "product", "product_list", "catalog_message", "flow", "location_request_message", "call_permission_request"]);

export interface SendLookups {
  mediaExists(id: string): boolean;
  /** The number's template of that name in that language (`en-US` or `en_US`), whatever its status. */
  template(name: string, language: string): StoredTemplate | null;
}

export type SendRequest =
  | { kind: "read"; messageId: string; typing: boolean }
  | {
      kind: "message";
      type: MessageType;
      /** The wa_id (digits) or BSUID the message goes to. */
      toKey: string;
      /** What the caller wrote in `to`/`recipient`, echoed as `contacts[].input`. */
      input: string;
      viaBsuid: boolean;
      callbackData: string | null;
      template: StoredTemplate | null;
      body: Json;
    };

export type SendValidation = { ok: true; request: SendRequest } | { ok: false; error: GraphErrorEnvelope };

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const fail = (details: string): SendValidation => ({ ok: false, error: invalidParameter(details) });
const invalidValue = (details: string): SendValidation => ({ ok: false, error: graphError(131009, { details }) });
const tooLong = (param: string, max: number) => `Param ${param} must be at most ${max} characters long.`;

function checkMedia(type: string, media: Json, mediaExists: (id: string) => boolean): string | null {
  const hasId = typeof media.id === "string" && media.id.length > 0;
  const hasLink = typeof media.link === "string" && media.link.length > 0;
  if (hasId === hasLink) return `Param ${type} must have exactly one of 'id' or 'link'.`;
  if (hasId && !mediaExists(media.id as string)) return `Param ${type}['id'] is not a valid whatsapp business account media attachment ID`;
  if (hasLink && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(media.link as string)) return `Param ${type}['link'] is not a valid URL`;
  if (media.caption !== undefined) {
    if (type === "audio" || type === "sticker") return `Param ${type}['caption'] is not allowed for ${type} messages.`;
    if (typeof media.caption !== "string") return `Param ${type}['caption'] must be a string.`;
    if (media.caption.length > 1024) return tooLong(`${type}['caption']`, 1024);
  }
  return null;
}

function checkInteractive(i: Json): SendValidation | null {
  const type = String(i.type ?? "");
  if (!INTERACTIVE_TYPES.has(type)) return fail(`Param interactive['type'] must be one of {${[...INTERACTIVE_TYPES].join(", ")}}.`);
  const body = isObject(i.body) ? i.body : null;
  const bodyText = typeof body?.text === "string" ? body.text : null;
  if (type !== "product" && type !== "call_permission_request" && !bodyText) return fail("The parameter interactive['body']['text'] is required.");
  if (bodyText && bodyText.length > (type === "list" ? 4096 : 1024)) return invalidValue(`Body text length invalid. Max length: ${type === "list" ? 4096 : 1024}`);
  if (isObject(i.footer) && typeof i.footer.text === "string" && i.footer.text.length > 60) return invalidValue("Footer text length invalid. Max length: 60");
  if (isObject(i.header) && typeof i.header.text === "string" && i.header.text.length > 60) return invalidValue("Header text length invalid. Max length: 60");
  const action = isObject(i.action) ? i.action : null;
  if (!action && type !== "call_permission_request") return fail("The parameter interactive['action'] is required.");
  if (type === "button") {
    const buttons = Array.isArray(action?.buttons) ? action.buttons.filter(isObject) : [];
    if (buttons.length < 1 || buttons.length > 3) return invalidValue("Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3");
    const titles = buttons.map((b) => (isObject(b.reply) ? String(b.reply.title ?? "") : ""));
    if (titles.some((t) => t.length < 1 || t.length > 20)) return invalidValue("Button title length invalid. Min length: 1, Max length: 20");
    if (new Set(titles).size !== titles.length) return invalidValue("Button title is not unique.");
  }
  if (type === "list") {
    const sections = Array.isArray(action?.sections) ? action.sections.filter(isObject) : [];
    const rows = sections.flatMap((s) => (Array.isArray(s.rows) ? s.rows.filter(isObject) : []));
    if (typeof action?.button !== "string" || action.button.length < 1 || action.button.length > 20) return invalidValue("Button label length invalid. Min length: 1, Max length: 20");
    if (sections.length < 1 || sections.length > 10) return invalidValue("Invalid number of sections. Min: 1, Max: 10");
    if (rows.length < 1 || rows.length > 10) return invalidValue("Invalid number of rows. Min: 1, Max: 10");
    if (rows.some((r) => String(r.title ?? "").length < 1 || String(r.title).length > 24)) return invalidValue("Row title length invalid. Min length: 1, Max length: 24");
    if (rows.some((r) => typeof r.description === "string" && r.description.length > 72)) return invalidValue("Row description length invalid. Max length: 72");
  }
  return null;
}

/** Meta's answer to a template that exists but is not APPROVED: paused and disabled have their own codes. */
function notSendable(template: StoredTemplate, name: string, language: string): SendValidation {
  if (template.status === "PAUSED") return { ok: false, error: graphError(132015, { details: `template name (${name}) in ${language} is paused because of low quality` }) };
  if (template.status === "DISABLED") return { ok: false, error: graphError(132016, { details: `template name (${name}) in ${language} is disabled: create a new template` }) };
  return { ok: false, error: graphError(132001, { details: `template name (${name}) in ${language} is ${template.status}, not APPROVED` }) };
}

/** Templates must exist and be APPROVED in that language; parameter counts must match what was approved. */
const MEDIA_HEADER_FORMATS = new Set(["IMAGE", "VIDEO", "DOCUMENT"]);

/**
 * A template approved with an IMAGE/VIDEO/DOCUMENT header is sent with that media as the header's one parameter
 * (`{type:"image", image:{id}}` or `link`): "checked" when it is, Meta's error when not, null for other headers.
 */
function mediaHeaderProblem(template: StoredTemplate, components: Json[], mediaExists: (id: string) => boolean): GraphErrorEnvelope | "checked" | null {
  const header = template.components.find((c) => c.type === "HEADER");
  const format = typeof header?.format === "string" ? header.format : "";
  if (!MEDIA_HEADER_FORMATS.has(format)) return null;
  const kind = format.toLowerCase();
  const given = components.filter((c) => c.type === "header").flatMap((c) => (Array.isArray(c.parameters) ? c.parameters : []));
  if (given.length !== 1) {
    return graphError(132000, { details: `header: number of localizable_params (${given.length}) does not match the expected number of params (1): a ${format} header needs its ${kind}` });
  }
  const param = given[0];
  const media = isObject(param) && param.type === kind && isObject(param[kind]) ? param[kind] : null;
  if (!media) return graphError(132012, { details: `header: the parameter must be of type ${kind} with a ${kind} object, as the template's ${format} header was approved` });
  const problem = checkMedia(kind, media, mediaExists);
  return problem ? graphError(132012, { details: `header: ${problem}` }) : "checked";
}

function checkTemplate(t: Json, lookup: SendLookups["template"], mediaExists: SendLookups["mediaExists"]): { template: StoredTemplate } | SendValidation {
  const name = typeof t.name === "string" ? t.name : "";
  const language = isObject(t.language) && typeof t.language.code === "string" ? t.language.code : "";
  if (!name) return fail("The parameter template['name'] is required.");
  if (!language) return fail("The parameter template['language']['code'] is required.");
  const template = lookup(name, language);
  if (!template) return { ok: false, error: graphError(132001, { details: `template name (${name}) does not exist in ${language}` }) };
  if (template.status !== "APPROVED") return notSendable(template, name, language);
  const params = templateParams(template.components, template.parameterFormat);
  const components = Array.isArray(t.components) ? t.components.filter(isObject) : [];
  const count = (type: string) =>
    components.filter((c) => c.type === type).reduce((n, c) => n + (Array.isArray(c.parameters) ? c.parameters.length : 0), 0);
  const mediaHeader = mediaHeaderProblem(template, components, mediaExists);
  if (mediaHeader === "checked") params.header = 1;
  else if (mediaHeader) return { ok: false, error: mediaHeader };
  for (const [part, expected] of [["header", params.header], ["body", params.body]] as const) {
    const given = count(part);
    if (given !== expected) {
      return { ok: false, error: graphError(132000, { details: `${part}: number of localizable_params (${given}) does not match the expected number of params (${expected})` }) };
    }
  }
  return { template };
}

export function validateSend(raw: unknown, lookups: SendLookups): SendValidation {
  if (!isObject(raw)) return fail("The request body must be a JSON object.");
  if (raw.messaging_product !== "whatsapp") return fail("The parameter messaging_product is required and must be 'whatsapp'.");

  if (raw.status !== undefined) {
    if (raw.status !== "read") return fail("Param status must be 'read'.");
    if (typeof raw.message_id !== "string" || !raw.message_id) return fail("The parameter message_id is required.");
    const typing = raw.typing_indicator;
    if (typing !== undefined && !(isObject(typing) && typing.type === "text")) return fail("Param typing_indicator['type'] must be 'text'.");
    return { ok: true, request: { kind: "read", messageId: raw.message_id, typing: typing !== undefined } };
  }

  if (raw.recipient_type !== undefined && raw.recipient_type !== "individual" && raw.recipient_type !== "group") {
    return fail("Param recipient_type must be one of {individual, group}.");
  }
  let toKey: string;
  let input: string;
  let viaBsuid = false;
  if (raw.to !== undefined) {
    // `to` wins over `recipient`; Meta tolerates +, spaces, dashes and parentheses in phone numbers.
    if (typeof raw.to !== "string" || !/^\+?[\d\s\-()]+$/.test(raw.to) || raw.to.replace(/\D/g, "").length < 5) {
      return fail("Param to must be a valid phone number (digits with country code).");
    }
    input = raw.to;
    toKey = raw.to.replace(/\D/g, "");
  } else if (raw.recipient !== undefined) {
    if (typeof raw.recipient !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]{1,150}$/.test(raw.recipient)) return fail("Param recipient must be a business-scoped user ID.");
    input = raw.recipient;
    toKey = raw.recipient;
    viaBsuid = true;
  } else {
    return fail("The parameter to is required.");
  }

  // Meta defaults `type` to text when it is omitted.
  const type = raw.type === undefined ? "text" : raw.type;
  if (typeof type !== "string" || !(MESSAGE_TYPES as readonly string[]).includes(type)) {
    return fail(`Param type must be one of {${MESSAGE_TYPES.join(", ")}}.`);
  }
  const content = type === "contacts" ? raw.contacts : raw[type];
  if (type === "contacts" ? !Array.isArray(content) || content.length === 0 : !isObject(content)) {
    return fail(`The parameter ${type} is required for messages of type ${type}.`);
  }
  if (raw.biz_opaque_callback_data !== undefined && (typeof raw.biz_opaque_callback_data !== "string" || raw.biz_opaque_callback_data.length > 512)) {
    return fail(tooLong("biz_opaque_callback_data", 512));
  }
  if (raw.context !== undefined && !(isObject(raw.context) && typeof raw.context.message_id === "string")) {
    return fail("Param context['message_id'] is required and must be a string.");
  }

  let template: StoredTemplate | null = null;
  const c = content as Json;
  if (type === "text") {
    if (typeof c.body !== "string" || c.body.length === 0) return fail("The parameter text['body'] is required.");
    if (c.body.length > 4096) return fail(tooLong("text['body']", 4096));
  } else if (MEDIA_TYPES.has(type)) {
    const problem = checkMedia(type, c, lookups.mediaExists);
    if (problem) return fail(problem);
  } else if (type === "location") {
    const lat = Number(c.latitude);
    const lon = Number(c.longitude);
    if (c.latitude === undefined || c.longitude === undefined || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
      return fail("Params location['latitude'] and location['longitude'] are required and must be valid coordinates.");
    }
  } else if (type === "contacts") {
    const list = content as unknown[];
    if (!list.every((x) => isObject(x) && isObject(x.name) && typeof x.name.formatted_name === "string" && x.name.formatted_name)) {
      return fail("Param contacts[]['name']['formatted_name'] is required.");
    }
  } else if (type === "interactive") {
    const problem = checkInteractive(c);
    if (problem) return problem;
  } else if (type === "reaction") {
    if (typeof c.message_id !== "string" || !c.message_id) return fail("The parameter reaction['message_id'] is required.");
    if (c.emoji !== undefined && typeof c.emoji !== "string") return fail("Param reaction['emoji'] must be a string.");
  } else if (type === "template") {
    const checked = checkTemplate(c, lookups.template, lookups.mediaExists);
    if ("ok" in checked) return checked;
    template = checked.template;
  }

  const callbackData = typeof raw.biz_opaque_callback_data === "string" ? raw.biz_opaque_callback_data : null;
  return { ok: true, request: { kind: "message", type: type as MessageType, toKey, input, viaBsuid, callbackData, template, body: raw } };
}
