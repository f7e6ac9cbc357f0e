// An agent's file upload (POST …/attachments, multipart/form-data) streamed into R2 as it arrives: the type is
// checked from the part's headers before a byte is stored, the size while the bytes flow (WhatsApp's limit per kind),
// and a refused or broken upload leaves nothing behind. Memory stays at one R2 part, not the whole file.
import type { MediaKind } from "../../shared/model";
import { baseMimeType, isAnimatedWebp, mediaKindFor, mediaProblem } from "../../shared/whatsapp-limits";
import { apiError } from "../http-errors";
import { MalformedMultipart, type MultipartReader, multipartReader, type PartHead } from "./multipart-reader";
import { R2StreamedWrite } from "./r2-streamed-write";

export interface ReceivedAttachment {
  kind: MediaKind;
  mimeType: string;
  size: number;
  filename: string;
  caption: string;
  clientId: string | undefined;
}

/** caption (≤ 1024 characters) and clientId are short; anything far longer is not a form this route expects. */
const MAX_FIELD_BYTES = 16 * 1024;
/** Enough of a file's start for its magic numbers (the WebP header says whether a sticker is animated). */
const HEAD_BYTES = 32;

const notAForm = () => apiError(400, "invalid_request", "Send multipart/form-data with a `file` field (and optional `caption`, `clientId`).");

/**
 * Reads the form and stores its `file` part at `storageKey`. `beforeStoring` runs after the type check and before the
 * first byte reaches R2 (the conversation's visibility). Throws the route's errors: 400 (not a form / no file),
 * 422 (type or size, nothing stored).
 */
export async function receiveAttachment(request: Request, bucket: R2Bucket, storageKey: string, beforeStoring: () => Promise<void>): Promise<ReceivedAttachment> {
  const form = multipartReader(request);
  if (!form) throw notAForm();
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  const declaredLength = Number.isSafeInteger(declared) && declared >= 0 ? declared : null;
  const fields = new Map<string, string>();
  let file: Omit<ReceivedAttachment, "caption" | "clientId"> | null = null;
  try {
    for (let part: PartHead | null; (part = await form.nextPart()); ) {
      if (part.name === "file" && part.filename !== null && !file) {
        const mimeType = baseMimeType(part.contentType || "application/octet-stream");
        const kind = mediaKindFor(mimeType);
        file = { kind, mimeType, filename: part.filename || "archivo", size: await streamFile(form, declaredLength, bucket, storageKey, kind, mimeType, beforeStoring) };
      } else if ((part.name === "caption" || part.name === "clientId") && !fields.has(part.name)) {
        fields.set(part.name, await form.text(MAX_FIELD_BYTES));
      }
      // Any other part is read past (not kept) by the next nextPart().
    }
  } catch (err) {
    await form.cancel();
    if (file) await bucket.delete(storageKey);
    if (err instanceof MalformedMultipart) throw apiError(400, "invalid_request", `The multipart form could not be read: ${err.message}`);
    throw err;
  }
  if (!file) throw notAForm();
  const clientId = fields.get("clientId");
  return { ...file, caption: fields.get("caption") ?? "", clientId: clientId ? clientId.slice(0, 100) : undefined };
}

/** The current part's bytes into R2; its size. Refused (422) as soon as the type, or the size so far, is not WhatsApp's. */
async function streamFile(form: MultipartReader, declaredLength: number | null, bucket: R2Bucket, key: string, kind: MediaKind, mimeType: string, beforeStoring: () => Promise<void>): Promise<number> {
  const typeProblem = mediaProblem(kind, mimeType, null);
  if (typeProblem) throw apiError(422, typeProblem.code, typeProblem.reason);
  // The first bytes decide a sticker's limit, so they are gathered before any size check.
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let chunk: Uint8Array | null = null;
  while (headBytes < HEAD_BYTES && (chunk = await form.read())) {
    head.push(chunk);
    headBytes += chunk.length;
  }
  const start = new Uint8Array(headBytes);
  head.reduce((at, c) => (start.set(c, at), at + c.length), 0);
  const animated = kind === "sticker" ? isAnimatedWebp(start.subarray(0, HEAD_BYTES)) : undefined;

  const sink = new R2StreamedWrite(bucket, key, { httpMetadata: { contentType: mimeType } }, beforeStoring);
  try {
    for (let bytes: Uint8Array | null = start; bytes; bytes = await form.read()) {
      if (mediaProblem(kind, mimeType, sink.size + bytes.length, animated)) {
        // Over the limit: stop reading at once. The declared length says about how large the file is (it also
        // counts the closing boundary and any later field: a few hundred bytes).
        const seen = sink.size + bytes.length;
        const size = declaredLength === null ? seen : Math.max(seen, seen + declaredLength - form.position);
        const problem = mediaProblem(kind, mimeType, size, animated)!;
        throw apiError(422, problem.code, problem.reason);
      }
      if (bytes.length) await sink.write(bytes);
    }
    await sink.finish();
  } catch (err) {
    await sink.abort();
    throw err;
  }
  return sink.size;
}
