// Caps on request bodies, checked before anything parses them: a declared Content-Length over the cap is refused at
// once, and a body without one is counted as it streams. Used by worker/index.ts for every route.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { MEDIA_LIMITS } from "../shared/whatsapp-limits";
import type { AppEnv } from "./env";
import { errorResponse } from "./http-errors";
import { MAX_IMPORT_BYTES } from "./api/knowledge-routes";
import { WEBHOOK_MAX_BYTES } from "./whatsapp/webhook-route";

/** JSON API bodies: the largest legitimate one (a rule, a template with its values, a note) is a few KB. */
export const JSON_MAX_BYTES = 64 * 1024;
/** A multipart upload: WhatsApp's largest file (a 100 MB document) plus the form's fields and boundaries. */
export const UPLOAD_MAX_BYTES = Math.max(...Object.values(MEDIA_LIMITS).map((l) => l.maxBytes)) + 64 * 1024;
/** A contacts CSV (POST /api/contacts/import): about 200,000 rows of a few columns. */
export const CONTACT_IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** A knowledge-base file (POST /api/admin/knowledge/import): the route's own 1 MB limit plus a multipart form's framing. */
export const KNOWLEDGE_IMPORT_MAX_BYTES = MAX_IMPORT_BYTES + 64 * 1024;

/** The cap for a path, and how to say it in a 413. */
export function bodyCapFor(path: string): { maxBytes: number; what: string } {
  if (path.startsWith("/webhooks/")) return { maxBytes: WEBHOOK_MAX_BYTES, what: "Webhook bodies" };
  if (/^\/api\/conversations\/[^/]+\/attachments$/.test(path)) return { maxBytes: UPLOAD_MAX_BYTES, what: "Files (WhatsApp's own limit)" };
  if (path === "/api/contacts/import") return { maxBytes: CONTACT_IMPORT_MAX_BYTES, what: "Contact imports" };
  if (path === "/api/admin/knowledge/import") return { maxBytes: KNOWLEDGE_IMPORT_MAX_BYTES, what: "Knowledge imports" };
  // The Graph simulator (development only) receives the media uploads the Worker sends to "Meta".
  if (path.startsWith("/__sim/")) return { maxBytes: UPLOAD_MAX_BYTES, what: "Simulator bodies" };
  return { maxBytes: JSON_MAX_BYTES, what: "JSON bodies" };
}

const tooLarge = (maxBytes: number, what: string) =>
  errorResponse(413, "payload_too_large", `${what} are limited to ${maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${maxBytes / 1024} KB`}.`, { maxBytes });

export const bodyCaps: MiddlewareHandler<AppEnv> = async function bodyCaps(c, next) {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  const { maxBytes, what } = bodyCapFor(c.req.path);
  return bodyLimit({ maxSize: maxBytes, onError: () => tooLarge(maxBytes, what) })(c, next);
};
