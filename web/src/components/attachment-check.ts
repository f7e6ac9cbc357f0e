// Whether a file can travel through WhatsApp, checked before uploading with the same limits the server
// enforces (shared/whatsapp-limits.ts), explained in the agent's language.
import type { MediaKind } from "../../../shared/model";
import { MEDIA_LIMITS, baseMimeType, mediaKindFor, mediaProblem } from "../../../shared/whatsapp-limits";
import { type MessageKey, t } from "../i18n";
import { fileSize } from "../i18n/format";

/** Every MIME type WhatsApp accepts, for the file picker's `accept`. */
export const ACCEPTED_TYPES = Object.values(MEDIA_LIMITS).flatMap((l) => l.mimeTypes).join(",");

export function checkAttachment(file: File): { kind: MediaKind; problem: string | null } {
  const mime = baseMimeType(file.type || "application/octet-stream");
  const kind = mediaKindFor(mime);
  const problem = mediaProblem(kind, mime, file.size, false);
  if (!problem) return { kind, problem: null };
  const kindName = t(`attach.kind.${kind}` as MessageKey);
  if (problem.code === "media_too_large") {
    const max = kind === "sticker" ? 100 * 1024 : MEDIA_LIMITS[kind].maxBytes;
    return { kind, problem: t("attach.tooLarge", { name: file.name, size: fileSize(file.size), max: fileSize(max), kind: kindName }) };
  }
  return { kind, problem: t("attach.typeNotAllowed", { name: file.name, type: mime || "?" }) };
}

/** Audio and stickers travel without a caption (WhatsApp drops it): the text goes as its own message. */
export const takesCaption = (kind: MediaKind) => kind === "image" || kind === "video" || kind === "document";
