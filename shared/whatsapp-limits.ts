// WhatsApp Cloud API media and text limits (meta-api.md §4.6 and §5). Shared so the inbox can refuse a file
// before uploading it and the server enforces the same numbers on what it receives and sends.
import type { MediaKind } from "./model";

const MB = 1024 * 1024;

export const MEDIA_LIMITS: Record<MediaKind, { maxBytes: number; mimeTypes: readonly string[] }> = {
  image: { maxBytes: 5 * MB, mimeTypes: ["image/jpeg", "image/png"] },
  audio: { maxBytes: 16 * MB, mimeTypes: ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"] },
  video: { maxBytes: 16 * MB, mimeTypes: ["video/mp4", "video/3gpp"] },
  document: {
    maxBytes: 100 * MB,
    mimeTypes: [
      "text/plain",
      "application/pdf",
      "application/msword",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.ms-excel",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.ms-powerpoint",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ],
  },
  // Animated stickers may be 500 KB; static ones 100 KB (checked with `animated` where known).
  sticker: { maxBytes: 500 * 1024, mimeTypes: ["image/webp"] },
};

export const STATIC_STICKER_MAX_BYTES = 100 * 1024;
export const TEXT_MAX_CHARS = 4096;
export const CAPTION_MAX_CHARS = 1024;

/** "audio/ogg; codecs=opus" → "audio/ogg" */
export function baseMimeType(mime: string): string {
  return mime.split(";")[0]!.trim().toLowerCase();
}

/** Why a file cannot travel through WhatsApp as this kind, or null when it can. English; the UI translates codes. */
export function mediaProblem(kind: MediaKind, mime: string, size: number | null, animated?: boolean):
  | { code: "media_type_not_allowed" | "media_too_large"; reason: string }
  | null {
  const limits = MEDIA_LIMITS[kind];
  const base = baseMimeType(mime);
  if (!limits.mimeTypes.includes(base)) {
    return { code: "media_type_not_allowed", reason: `${base} is not accepted by WhatsApp for ${kind} (allowed: ${limits.mimeTypes.join(", ")})` };
  }
  const max = kind === "sticker" && animated === false ? STATIC_STICKER_MAX_BYTES : limits.maxBytes;
  if (size !== null && size > max) {
    return { code: "media_too_large", reason: `${kind} is ${(size / MB).toFixed(1)} MB; WhatsApp allows up to ${(max / MB).toFixed(max < MB ? 2 : 0)} MB` };
  }
  return null;
}

/** Which WhatsApp media kind a file is sent as, from its MIME type. */
export function mediaKindFor(mime: string): MediaKind {
  const base = baseMimeType(mime);
  if (base === "image/webp") return "sticker";
  if (base.startsWith("image/")) return "image";
  if (base.startsWith("audio/")) return "audio";
  if (base.startsWith("video/")) return "video";
  return "document";
}

/**
 * Whether a WebP file is animated (VP8X header with the animation flag). Animated stickers may be 500 KB,
 * static ones 100 KB, so the limit depends on it.
 */
export function isAnimatedWebp(head: Uint8Array): boolean {
  const text = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  return head.length >= 21 && text(0, 4) === "RIFF" && text(8, 12) === "WEBP" && text(12, 16) === "VP8X" && (head[20]! & 0x02) !== 0;
}
