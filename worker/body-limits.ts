// Caps on request bodies, checked before anything parses them: a declared Content-Length over the cap is refused at
// once, and a body without one is counted as it arrives. Used by worker/index.ts for every route.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { MEDIA_LIMITS } from "../shared/whatsapp-limits";
import type { AppEnv } from "./env";
import { apiError, errorResponse } from "./http-errors";
import { MAX_IMPORT_BYTES } from "./api/knowledge-routes";
import { WEBHOOK_MAX_BYTES } from "./whatsapp/webhook-route";

/** JSON API bodies: the largest legitimate one (a rule, a template with its values, a note) is a few KB. */
export const JSON_MAX_BYTES = 64 * 1024;
/** A multipart upload: WhatsApp's largest file (a 100 MB document) plus the form's fields and boundaries. */
export const UPLOAD_MAX_BYTES = Math.max(...Object.values(MEDIA_LIMITS).map((l) => l.maxBytes)) + 64 * 1024;
/** A contacts CSV (POST /api/contacts/import): about 200,000 rows of a few columns. */
export const CONTACT_IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** The cap for a path, and how to say it in a 413. `streamed`: the route reads its body as a stream (never buffer it). */
export function bodyCapFor(path: string): { maxBytes: number; what: string; streamed?: true } {
  if (path.startsWith("/webhooks/")) return { maxBytes: WEBHOOK_MAX_BYTES, what: "Webhook bodies" };
  if (/^\/api\/conversations\/[^/]+\/attachments$/.test(path)) return { maxBytes: UPLOAD_MAX_BYTES, what: "Files (WhatsApp's own limit)", streamed: true };
  if (path === "/api/templates/header-media") return { maxBytes: UPLOAD_MAX_BYTES, what: "Template samples (WhatsApp's own limit)", streamed: true };
  if (path === "/api/contacts/import") return { maxBytes: CONTACT_IMPORT_MAX_BYTES, what: "Contact imports" };
  if (path === "/api/admin/knowledge/import") return { maxBytes: MAX_IMPORT_BYTES + 64 * 1024, what: "Knowledge imports" };
  // The Graph simulator (development only) receives the media uploads the Worker sends to "Meta".
  if (path.startsWith("/__sim/")) return { maxBytes: UPLOAD_MAX_BYTES, what: "Simulator bodies" };
  return { maxBytes: JSON_MAX_BYTES, what: "JSON bodies" };
}

const tooLargeMessage = (maxBytes: number, what: string) =>
  `${what} are limited to ${maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${maxBytes / 1024} KB`}.`;
const tooLarge = (maxBytes: number, what: string) => errorResponse(413, "payload_too_large", tooLargeMessage(maxBytes, what), { maxBytes });

export const bodyCaps: MiddlewareHandler<AppEnv> = async function bodyCaps(c, next) {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  const { maxBytes, what, streamed } = bodyCapFor(c.req.path);
  if (streamed) return countedBody(maxBytes, what)(c, next);
  // hono's bodyLimit gathers a body of undeclared length in memory up to the cap: fine for these small caps.
  return bodyLimit({ maxSize: maxBytes, onError: () => tooLarge(maxBytes, what) })(c, next);
};

/**
 * The cap for a route that streams its body: a declared length over it is refused at once; a body of undeclared length
 * stays a stream, counted as it flows, and the route's next read fails with the 413 once it passes the cap.
 */
function countedBody(maxBytes: number, what: string): MiddlewareHandler<AppEnv> {
  return async function countedBody(c, next) {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const declared = raw.headers.get("content-length");
    if (declared !== null && !raw.headers.has("transfer-encoding")) return Number(declared) > maxBytes ? tooLarge(maxBytes, what) : next();
    let seen = 0;
    const source = raw.body.getReader();
    const counted = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await source.read();
        if (done) return controller.close();
        seen += value.byteLength;
        if (seen > maxBytes) controller.error(apiError(413, "payload_too_large", tooLargeMessage(maxBytes, what), { maxBytes }));
        else controller.enqueue(value);
      },
      cancel: (reason) => source.cancel(reason),
    });
    c.req.raw = new Request(raw, { body: counted });
    return next();
  };
}
