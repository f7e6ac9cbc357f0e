// The outbox handlers: side effects a conversation owes the outside world, run from its alarm.
// Graph sends, inbound media copies to R2 and mark-as-read. Each is idempotent and says what to do next.
import type { JsonValue, MediaKind, Message } from "../shared/model";
import { mediaProblem } from "../shared/whatsapp-limits";
import type { Command } from "./conversation-decide";
import type { GraphClient, GraphFailure } from "./graph-client";
import { backoffMs, type Job } from "./job-queue";
import { cachedHeaderMediaId, forgetHeaderMediaId, rememberHeaderMediaId } from "./template-media-cache";

export type JobOutcome =
  | { type: "done" }
  /** Try again at `at` (counts as a failed attempt). */
  | { type: "retry"; at: number; error: string }
  /** The attempt's outcome is unknown: wait until `at` for a status webhook to settle it before trying again. */
  | { type: "await"; at: number; error: string };

export interface OutboxDeps {
  graph: GraphClient;
  media: R2Bucket;
  /** Hands the outcome to the conversation (one decision, one transaction, frames after it commits). */
  decide(command: Command): void;
  now(): number;
  /** How long an unconfirmed send waits for a status webhook before it is sent again. */
  reconcileMs: number;
  maxAttempts: number;
}

const done: JobOutcome = { type: "done" };

function retryOrFail(deps: OutboxDeps, job: Job, failure: GraphFailure, onFinal: (reason: string) => void): JobOutcome {
  const reason = failure.reason;
  if (failure.kind === "permanent" || job.attempts >= deps.maxAttempts) {
    onFinal(failure.kind === "permanent" ? reason : `Gave up after ${job.attempts} attempts: ${reason}`);
    return done;
  }
  const minimum = failure.kind === "transient" ? failure.retryAfterMs : undefined;
  return { type: "retry", at: deps.now() + backoffMs(job.attempts, minimum), error: reason };
}

/** Builds the Graph API body for one of our outbound messages. */
export function sendPayload(message: Message, to: { waId: string | null; userId: string | null }, callbackData: string): Record<string, unknown> {
  const recipient = to.waId ? { to: to.waId } : { recipient: to.userId };
  const base = {
    ...recipient,
    biz_opaque_callback_data: callbackData,
    ...(message.context?.replyTo ? { context: { message_id: message.context.replyTo } } : {}),
  };
  switch (message.kind) {
    case "template":
      return { ...base, type: "template", template: withHeaderMediaId(message.content, message.media?.providerId) };
    case "interactive":
      return { ...base, type: "interactive", interactive: message.content };
    case "location":
      return { ...base, type: "location", location: message.content };
    case "reaction":
      return { ...recipient, biz_opaque_callback_data: callbackData, type: "reaction", reaction: message.content };
    case "image":
    case "video":
    case "document":
    case "audio":
    case "sticker": {
      const media = message.media!;
      const caption = message.kind === "audio" || message.kind === "sticker" ? {} : media.caption ? { caption: media.caption } : {};
      const filename = message.kind === "document" && media.filename ? { filename: media.filename } : {};
      return { ...base, type: message.kind, [message.kind]: { id: media.providerId, ...caption, ...filename } };
    }
    default:
      return { ...base, type: "text", text: message.content };
  }
}

/** A media-header template's header parameter gets the id of the file uploaded for it (`{type:"image", image:{id}}`). */
function withHeaderMediaId(template: Message["content"], providerId: string | undefined): Message["content"] {
  if (!providerId || !isJsonObject(template) || !Array.isArray(template.components)) return template;
  const components = template.components.map((c): JsonValue => {
    if (!isJsonObject(c) || c.type !== "header" || !Array.isArray(c.parameters)) return c;
    const parameters = c.parameters.map((p): JsonValue => {
      const kind = isJsonObject(p) && typeof p.type === "string" ? p.type : "";
      if (!isJsonObject(p) || (kind !== "image" && kind !== "video" && kind !== "document")) return p;
      const file = p[kind];
      return { ...p, [kind]: { ...(isJsonObject(file) ? file : {}), id: providerId } };
    });
    return { ...c, parameters };
  });
  return { ...template, components };
}

const isJsonObject = (v: JsonValue | null | undefined): v is { [key: string]: JsonValue } => typeof v === "object" && v !== null && !Array.isArray(v);

export interface SendTarget {
  message: Message | null;
  to: { waId: string | null; userId: string | null };
  phoneNumberId: string;
  conversationId: string;
}

export async function runSend(deps: OutboxDeps, job: Job, target: SendTarget): Promise<JobOutcome> {
  const { message, to, phoneNumberId, conversationId } = target;
  // Settled meanwhile (a status webhook told us the wamid, or it already failed): nothing to send.
  if (!message || message.status !== "pending" || message.wamid) return done;
  // Our own files go to Meta first (once: the media id is kept), then the message refers to them by id.
  let toSend = message;
  if (message.media && !message.media.providerId) {
    const uploaded = await uploadOutboundMedia(deps, message, phoneNumberId);
    if (uploaded.type !== "uploaded") {
      return uploaded.type === "failed"
        ? retryOrFail(deps, job, uploaded.failure, (reason) => failMessage(deps, message.id, uploaded.failure.kind === "unknown" ? null : uploaded.failure.code, `Could not upload the file: ${reason}`))
        : { type: "retry", at: deps.now() + backoffMs(job.attempts), error: "file missing" };
    }
    toSend = uploaded.message;
  }
  const result = await deps.graph.sendMessage(phoneNumberId, sendPayload(toSend, to, `${conversationId}|${message.id}`));
  if (result.ok) {
    const wamid = result.value.messages[0]?.id;
    if (!wamid) return { type: "retry", at: deps.now() + backoffMs(job.attempts), error: "Graph answered without a message id" };
    deps.decide({ type: "sendAccepted", messageId: message.id, wamid });
    return done;
  }
  if (result.failure.kind === "unknown") {
    return { type: "await", at: deps.now() + deps.reconcileMs, error: result.failure.reason };
  }
  const failure = result.failure;
  if (message.kind === "template" && toSend.media?.storageKey) forgetHeaderMediaId(phoneNumberId, toSend.media.storageKey);
  return retryOrFail(deps, job, failure, (reason) => failMessage(deps, message.id, failure.code, reason));
}

function failMessage(deps: OutboxDeps, messageId: string, errorCode: number | null, reason: string): void {
  deps.decide({ type: "sendFailed", messageId, errorCode, reason });
}

async function uploadOutboundMedia(
  deps: OutboxDeps,
  message: Message,
  phoneNumberId: string,
): Promise<{ type: "uploaded"; message: Message } | { type: "failed"; failure: GraphFailure } | { type: "missing" }> {
  const media = message.media!;
  // A template's header sample is the same file for every message: its media id is reused while Meta keeps it.
  const sample = message.kind === "template" && media.storageKey ? media.storageKey : null;
  let providerId = sample ? cachedHeaderMediaId(phoneNumberId, sample, deps.now()) : null;
  if (!providerId) {
    const object = media.storageKey ? await deps.media.get(media.storageKey) : null;
    if (!object) return { type: "missing" };
    const uploaded = await deps.graph.uploadMedia(phoneNumberId, await object.blob(), media.mimeType, media.filename ?? "file");
    if (!uploaded.ok) return { type: "failed", failure: uploaded.failure };
    providerId = uploaded.value.id;
    if (sample) rememberHeaderMediaId(phoneNumberId, sample, providerId, deps.now());
  }
  const withId = { ...media, providerId };
  deps.decide({ type: "mediaChanged", messageId: message.id, media: withId });
  return { type: "uploaded", message: { ...message, media: withId } };
}

/** Copies an inbound file from Meta (URLs expire in minutes) into R2, enforcing WhatsApp's type and size limits. */
export async function runMediaCopy(deps: OutboxDeps, job: Job, message: Message | null, where: { workspaceId: string; phoneNumberId: string }): Promise<JobOutcome> {
  const media = message?.media;
  if (!message || !media || media.state !== "pending" || !media.providerId) return done;
  const markMedia = (patch: Partial<typeof media>) => deps.decide({ type: "mediaChanged", messageId: message.id, media: { ...media, ...patch } });

  const descriptor = await deps.graph.getMedia(media.providerId, where.phoneNumberId);
  if (!descriptor.ok) {
    const failure = descriptor.failure.kind === "unknown" ? { ...descriptor.failure, kind: "transient" as const, status: 0, code: null } : descriptor.failure;
    return retryOrFail(deps, job, failure, (reason) => markMedia({ state: "failed", error: reason }));
  }
  const size = descriptor.value.file_size === undefined ? null : Number(descriptor.value.file_size);
  const problem = mediaProblem(message.kind as MediaKind, descriptor.value.mime_type, Number.isFinite(size) ? size : null, media.animated);
  if (problem) {
    markMedia({ state: "failed", error: problem.reason, mimeType: descriptor.value.mime_type, size: size ?? undefined });
    return done;
  }
  const download = await deps.graph.download(descriptor.value.url).catch((err: Error) => err);
  if (download instanceof Error || !download.ok || !download.body) {
    const reason = download instanceof Error ? download.message : `download answered ${download.status}`;
    // An expired URL (404) is fixed by asking Meta for a fresh one on the next attempt.
    return retryOrFail(deps, job, { kind: "transient", status: 0, code: null, reason }, (r) => markMedia({ state: "failed", error: r }));
  }
  const key = mediaKey(where.workspaceId, message.conversationId, message.id);
  const contentType = { httpMetadata: { contentType: descriptor.value.mime_type } };
  const declared = Number(download.headers.get("content-length") ?? NaN);
  let storedSize: number;
  if (Number.isFinite(declared)) {
    // Stream straight into R2: a 100 MB document must not sit in the isolate's 128 MB of memory.
    const tooBig = mediaProblem(message.kind as MediaKind, descriptor.value.mime_type, declared, media.animated);
    if (tooBig) {
      await download.body.cancel();
      markMedia({ state: "failed", error: tooBig.reason, size: declared });
      return done;
    }
    await deps.media.put(key, download.body.pipeThrough(new FixedLengthStream(declared)), contentType);
    storedSize = declared;
  } else {
    const bytes = await download.arrayBuffer();
    const tooBig = mediaProblem(message.kind as MediaKind, descriptor.value.mime_type, bytes.byteLength, media.animated);
    if (tooBig) {
      markMedia({ state: "failed", error: tooBig.reason, size: bytes.byteLength });
      return done;
    }
    await deps.media.put(key, bytes, contentType);
    storedSize = bytes.byteLength;
  }
  markMedia({ state: "stored", mimeType: descriptor.value.mime_type, size: storedSize, storageKey: key });
  return done;
}

export function mediaKey(workspaceId: string, conversationId: string, messageId: string): string {
  return `${workspaceId}/${conversationId}/${messageId}`;
}

export async function runMarkRead(deps: OutboxDeps, job: Job, wamid: string | null, phoneNumberId: string): Promise<JobOutcome> {
  if (!wamid) return done;
  const result = await deps.graph.markRead(phoneNumberId, wamid);
  if (result.ok) return done;
  // Read receipts are a courtesy: retry transient failures a few times, then let them go (logged by the caller).
  return retryOrFail(deps, job, result.failure.kind === "unknown" ? { kind: "transient", status: 0, code: null, reason: result.failure.reason } : result.failure, () => {});
}
