// Meta's Graph API error catalog as the simulator answers it (meta-api.md §4.5): envelopes for sync errors
// and the `errors[]` items of `failed` status webhooks. Used by the Graph routes, faults and the status emitter.

export interface GraphErrorEnvelope {
  error: {
    message: string;
    type: "OAuthException" | "GraphMethodException";
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: "whatsapp"; details: string };
    fbtrace_id: string;
  };
}

/** The `errors[]` item of a `failed` status webhook. */
export interface StatusError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

interface CatalogEntry {
  title: string;
  details: string;
  http: number;
  /** How Meta usually reports it: in the HTTP answer, or later as a `failed` status webhook. */
  mode: "sync" | "async";
}

const CATALOG: Record<number, CatalogEntry> = {
  0: { title: "AuthException", details: "We were unable to authenticate the app user.", http: 401, mode: "sync" },
  1: { title: "API Unknown", details: "Invalid request or possible server error.", http: 500, mode: "sync" },
  2: { title: "API Service", details: "Temporary due to downtime or due to being overloaded.", http: 503, mode: "sync" },
  4: { title: "Application request limit reached", details: "The app has reached its API call rate limit.", http: 429, mode: "sync" },
  10: { title: "Permission denied", details: "Permission is either not granted or has been removed.", http: 403, mode: "sync" },
  100: { title: "Invalid parameter", details: "Parameter value is not valid.", http: 400, mode: "sync" },
  190: { title: "Access token has expired", details: "Your access token has expired.", http: 401, mode: "sync" },
  368: { title: "Temporarily blocked for policies violations", details: "The WhatsApp Business Account has been restricted or disabled for violating a platform policy.", http: 403, mode: "sync" },
  80007: { title: "Rate limit issues", details: "The WhatsApp Business Account has reached its rate limit.", http: 429, mode: "sync" },
  130429: { title: "Rate limit hit", details: "Cloud API message throughput has been reached.", http: 429, mode: "sync" },
  130472: { title: "User's number is part of an experiment", details: "Failed to send message because this user's phone number is part of an experiment.", http: 400, mode: "async" },
  131000: { title: "Something went wrong", details: "Message failed to send due to an unknown error.", http: 500, mode: "sync" },
  131005: { title: "Access denied", details: "Permission is either not granted or has been removed.", http: 403, mode: "sync" },
  131008: { title: "Required parameter is missing", details: "The request is missing a required parameter.", http: 400, mode: "sync" },
  131009: { title: "Parameter value is not valid", details: "One or more parameter values are invalid.", http: 400, mode: "sync" },
  131016: { title: "Service unavailable", details: "A service is temporarily unavailable.", http: 503, mode: "sync" },
  131021: { title: "Recipient cannot be sender", details: "Sender and recipient phone number is the same.", http: 400, mode: "sync" },
  131026: { title: "Message undeliverable", details: "Message Undeliverable.", http: 400, mode: "async" },
  131031: { title: "Account has been locked", details: "The WhatsApp Business Account associated with the app has been restricted or disabled.", http: 403, mode: "sync" },
  131042: { title: "Business eligibility payment issue", details: "There was an error related to your payment method.", http: 400, mode: "async" },
  131047: { title: "Re-engagement message", details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.", http: 400, mode: "async" },
  131048: { title: "Spam rate limit hit", details: "Message failed to send because there are restrictions on how many messages can be sent from this phone number.", http: 400, mode: "async" },
  131049: { title: "This message was not delivered to maintain healthy ecosystem engagement.", details: "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.", http: 400, mode: "async" },
  131050: { title: "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.", details: "The user has stopped marketing messages.", http: 400, mode: "async" },
  131051: { title: "Unsupported message type", details: "Message type is not currently supported.", http: 400, mode: "sync" },
  131053: { title: "Media upload error", details: "Unable to upload the media used in the message.", http: 400, mode: "async" },
  131056: {
    title: "(Business Account, Consumer Account) pair rate limit hit",
    details: "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
    http: 400,
    mode: "sync",
  },
  131057: { title: "Account in maintenance mode", details: "Business Account is in maintenance mode.", http: 500, mode: "sync" },
  132000: { title: "Number of parameters does not match the expected number of params", details: "The number of variable parameter values does not match the number of variables defined in the template.", http: 400, mode: "sync" },
  132001: { title: "Template name does not exist in the translation", details: "The template does not exist in the specified language or has not been approved.", http: 404, mode: "sync" },
  132005: { title: "Translated text too long", details: "Translated text is too long.", http: 400, mode: "sync" },
  132012: { title: "Parameter format does not match format in the created template", details: "Variable parameter values formatted incorrectly.", http: 400, mode: "sync" },
  132015: { title: "Template is Paused", details: "Template is paused due to low quality so it cannot be sent in a template message.", http: 400, mode: "sync" },
  132016: { title: "Template is Disabled", details: "Template has been paused too many times due to low quality and is now permanently disabled.", http: 400, mode: "sync" },
};

const ERROR_CODES_HREF = "/documentation/business-messaging/whatsapp/support/error-codes";

function entryFor(code: number): CatalogEntry {
  return CATALOG[code] ?? { title: `Simulated error ${code}`, details: `Simulated Graph API error ${code}.`, http: 400, mode: "sync" };
}

export function defaultHttpStatus(code: number): number {
  return entryFor(code).http;
}

export function defaultMode(code: number): "sync" | "async" {
  return entryFor(code).mode;
}

/** Meta's opaque request id; always present in error envelopes. */
export function fbtraceId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  const bytes = crypto.getRandomValues(new Uint8Array(23));
  return "A" + [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}

/** The envelope Meta answers with: `message` is "(#code) title"; `details` says precisely what was wrong. */
export function graphError(code: number, options: { details?: string; title?: string; subcode?: number } = {}): GraphErrorEnvelope {
  const entry = entryFor(code);
  return {
    error: {
      message: `(#${code}) ${options.title ?? entry.title}`,
      type: "OAuthException",
      code,
      ...(options.subcode === undefined ? {} : { error_subcode: options.subcode }),
      error_data: { messaging_product: "whatsapp", details: options.details ?? entry.details },
      fbtrace_id: fbtraceId(),
    },
  };
}

/** 401 for a missing or wrong token; Meta's token errors have no "(#190)" prefix and no error_data. */
export function tokenError(present: boolean): GraphErrorEnvelope {
  return {
    error: {
      message: present
        ? "Invalid OAuth access token - Cannot parse access token"
        : "An active access token must be used to query information about the current user.",
      type: "OAuthException",
      code: 190,
      fbtrace_id: fbtraceId(),
    },
  };
}

/** What Graph answers for an id that is not a node it knows (unknown phone number id, deleted media). */
export function unknownObjectError(id: string, method: "get" | "post" | "delete"): GraphErrorEnvelope {
  return {
    error: {
      message:
        `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, ` +
        "or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
      type: "GraphMethodException",
      code: 100,
      error_subcode: 33,
      fbtrace_id: fbtraceId(),
    },
  };
}

export function invalidParameter(details: string): GraphErrorEnvelope {
  return graphError(100, { details });
}

/** The `errors[]` item a `failed` status webhook carries for `code`. */
export function statusError(code: number): StatusError {
  const entry = entryFor(code);
  return { code, title: entry.title, message: entry.title, error_data: { details: entry.details }, href: ERROR_CODES_HREF };
}

export function jsonResponse(body: unknown, status = 200, headers?: HeadersInit): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=UTF-8", ...headers } });
}

/** Graph errors go out with Meta's `WWW-Authenticate` header on 401s, like graph.facebook.com does. */
export function errorResponse(envelope: GraphErrorEnvelope, status?: number): Response {
  const http = status ?? (envelope.error.code === 190 ? 401 : envelope.error.error_subcode === 33 ? 400 : defaultHttpStatus(envelope.error.code));
  const headers: HeadersInit = http === 401 ? { "www-authenticate": `OAuth "Facebook Platform" "invalid_token" "${envelope.error.message}"` } : {};
  return jsonResponse(envelope, http, headers);
}
