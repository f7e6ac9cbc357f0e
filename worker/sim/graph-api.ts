// The Graph API side of the simulator, served inside the GraphSimulator object: /{pnid}/messages, media upload,
// descriptor, lookaside download and delete (meta-api.md §4), template management (§11.1, template-api.ts),
// with Meta's auth, errors and fault injection.
import { Hono } from "hono";
import { MEDIA_LIMITS, baseMimeType, mediaKindFor } from "../../shared/whatsapp-limits";
import { DEMO_CHANNEL } from "../dev/demo-fixture";
import { errorResponse, graphError, invalidParameter, jsonResponse, tokenError, unknownObjectError, defaultHttpStatus, fbtraceId } from "./graph-errors";
import type { MediaStore } from "./media-store";
import { processSend } from "./send-pipeline";
import { validateSend } from "./send-rules";
import type { FaultTarget, SimConfig } from "./sim-schema";
import type { JobPayload, SimStore } from "./sim-store";
import { resumableUploadApi, type UploadStore } from "./resumable-upload";
import { parseFields, templateApi } from "./template-api";
import type { TemplateStore } from "./template-store";
import { templateNode } from "./template-webhooks";
import { numberMetadata } from "./webhook-builder";

export interface GraphCore {
  env: Env;
  store: SimStore;
  media: MediaStore;
  templates: TemplateStore;
  /** Resumable Upload sessions and the handles they issued (template samples). */
  uploads: UploadStore;
  now(): number;
  /** Queues a webhook: statuses name their phone number id, template webhooks their WABA id. */
  schedule(dueAt: number, phoneNumberId: string, payload: JobPayload): void;
  /** Arms the alarm for whatever `schedule` queued. */
  armAlarm(): Promise<void>;
}

/** Where the simulator pretends its media CDN lives; GraphClient keeps only the path and query. */
export const LOOKASIDE_ORIGIN = "https://lookaside.sim.local";
const DOWNLOAD_PATH = "/__sim/graph/whatsapp_business/attachments/";
const DEFAULT_TIMEOUT_DELAY_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const knownNumber = (id: string) => id === DEMO_CHANNEL.phoneNumberId;

/** Bearer (or OAuth, as the Resumable Upload API writes it) header, or Meta's `access_token` query parameter, must carry the configured token. */
function authFailure(request: Request, env: Env): Response | null {
  const header = request.headers.get("authorization");
  const token = header?.match(/^(?:Bearer|OAuth)\s+(\S+)$/i)?.[1] ?? new URL(request.url).searchParams.get("access_token");
  if (!token) return errorResponse(tokenError(false), 401);
  if (!env.WA_ACCESS_TOKEN || token !== env.WA_ACCESS_TOKEN) return errorResponse(tokenError(true), 401);
  return null;
}

/** A queued fault for a non-send target: an error to answer with, or a delay before answering normally. */
function injected(store: SimStore, target: FaultTarget): { response: Response | null; delayMs: number } {
  const fault = store.takeFault(target);
  if (!fault) return { response: null, delayMs: 0 };
  if (fault.mode === "timeout") return { response: null, delayMs: fault.delayMs ?? DEFAULT_TIMEOUT_DELAY_MS };
  return { response: errorResponse(graphError(fault.code), fault.httpStatus ?? defaultHttpStatus(fault.code)), delayMs: 0 };
}

const ALLOWED_UPLOAD_TYPES = [...new Set(Object.values(MEDIA_LIMITS).flatMap((l) => l.mimeTypes))];

export function graphApi(core: GraphCore): Hono {
  const app = new Hono();
  const config = (): SimConfig => core.store.config();

  app.use(async function requireToken(c, next) {
    const failure = authFailure(c.req.raw, core.env);
    if (failure) return failure;
    await next();
  });

  app.post("/:pnid/messages", async (c) => {
    const pnid = c.req.param("pnid");
    if (!knownNumber(pnid)) return errorResponse(unknownObjectError(pnid, "post"), 400);
    const raw: unknown = await c.req.raw.json().catch(() => undefined);
    const wabaId = numberMetadata(pnid).wabaId;
    const checked = validateSend(raw, {
      mediaExists: (id) => core.media.get(id) !== null,
      template: (name, language) => core.templates.find(wabaId, name, language),
    });
    if (!checked.ok) return errorResponse(checked.error);
    const request = checked.request;
    if (request.kind === "read") {
      const fault = injected(core.store, "read");
      if (fault.response) return fault.response;
      core.store.recordRead(pnid, request.messageId, core.now(), request.typing);
      if (fault.delayMs) await sleep(fault.delayMs);
      return jsonResponse({ success: true });
    }
    const outcome = processSend({ store: core.store, config: config(), now: core.now(), schedule: core.schedule }, pnid, request);
    await core.armAlarm();
    // A "timeout" fault: recorded and scheduled above, but the answer comes too late for the client.
    if (outcome.delayMs) await sleep(outcome.delayMs);
    return outcome.response;
  });

  app.post("/:pnid/media", async (c) => {
    const pnid = c.req.param("pnid");
    if (!knownNumber(pnid)) return errorResponse(unknownObjectError(pnid, "post"), 400);
    const fault = injected(core.store, "upload");
    if (fault.response) return fault.response;
    const form = await c.req.raw.formData().catch(() => null);
    if (!form) return errorResponse(invalidParameter("The request must be multipart/form-data with messaging_product and file."));
    if (form.get("messaging_product") !== "whatsapp") return errorResponse(invalidParameter("The parameter messaging_product is required and must be 'whatsapp'."));
    const file = form.get("file");
    if (file === null || typeof file === "string") return errorResponse(invalidParameter("The parameter file is required."));
    const declaredType = form.get("type");
    const mime = typeof declaredType === "string" && declaredType ? declaredType : file.type;
    if (!ALLOWED_UPLOAD_TYPES.includes(baseMimeType(mime || "application/octet-stream"))) {
      return errorResponse(invalidParameter(`Param file must be a file with one of the following types: ${ALLOWED_UPLOAD_TYPES.join(", ")}. Received file of type '${mime}'.`));
    }
    const max = MEDIA_LIMITS[mediaKindFor(mime)].maxBytes;
    if (file.size > max) return errorResponse(invalidParameter(`Param file must be at most ${max} bytes for type '${mime}'.`));
    const record = await core.media.put(pnid, mime, new Uint8Array(await file.arrayBuffer()), core.now());
    if (fault.delayMs) await sleep(fault.delayMs);
    return jsonResponse({ id: record.id });
  });

  const download = async (c: { req: { query(name: string): string | undefined } }) => {
    const fault = injected(core.store, "download");
    if (fault.response) return fault.response;
    const mediaId = c.req.query("mid") ?? "";
    const record = core.media.byUrlToken(c.req.query("hash") ?? "", mediaId, core.now());
    // Expired or unknown URLs: Meta's CDN answers 404; the client must ask for a fresh URL.
    if (!record) return jsonResponse({ error: { message: "URL signature expired or media not found", code: 404, fbtrace_id: fbtraceId() } }, 404);
    if (fault.delayMs) await sleep(fault.delayMs);
    const { readable, writable } = new FixedLengthStream(record.size);
    core.media.stream(record).pipeTo(writable).catch(() => {
      // The client went away mid-download; nothing to clean up.
    });
    return new Response(readable, { headers: { "content-type": record.mimeType, "content-length": String(record.size), "cache-control": "private" } });
  };
  app.get("/whatsapp_business/attachments/", download);
  app.get("/whatsapp_business/attachments", download);

  resumableUploadApi(app, core.uploads, core.now);
  templateApi(app, core);

  app.get("/:id", async (c) => {
    const id = c.req.param("id");
    if (knownNumber(id)) {
      return jsonResponse({ verified_name: DEMO_CHANNEL.name, display_phone_number: DEMO_CHANNEL.displayNumber, quality_rating: "GREEN", throughput: { level: "STANDARD" }, id });
    }
    const template = core.templates.byId(id);
    if (template) {
      const parsed = parseFields(c.req.query("fields"));
      return "error" in parsed ? parsed.error : jsonResponse(templateNode(template, parsed.fields));
    }
    const fault = injected(core.store, "media");
    if (fault.response) return fault.response;
    const record = core.media.get(id);
    if (!record) return errorResponse(unknownObjectError(id, "get"), 400);
    const asked = c.req.query("phone_number_id");
    if (asked && asked !== record.phoneNumberId) return errorResponse(invalidParameter("Param phone_number_id does not match the phone number the media belongs to."));
    const expiresAt = core.now() + config().mediaUrlTtlMs;
    const token = core.media.issueUrlToken(id, expiresAt);
    const ext = Math.floor(expiresAt / 1000);
    if (fault.delayMs) await sleep(fault.delayMs);
    return jsonResponse({
      messaging_product: "whatsapp",
      url: `${LOOKASIDE_ORIGIN}${DOWNLOAD_PATH}?mid=${id}&ext=${ext}&hash=${token}`,
      mime_type: record.mimeType,
      sha256: record.sha256Hex,
      file_size: String(record.size),
      id,
    });
  });

  app.delete("/:id", (c) => {
    const id = c.req.param("id");
    if (!core.media.delete(id)) return errorResponse(unknownObjectError(id, "delete"), 400);
    return jsonResponse({ success: true });
  });

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    return jsonResponse({ error: { message: `Unknown path components: ${path}`, type: "OAuthException", code: 2500, fbtrace_id: fbtraceId() } }, 400);
  });
  return app;
}
