// Meta media ids of template header samples, per number and sample, kept in this isolate's memory. Every message
// of a media-header template carries the same file: it is uploaded once and its id reused while Meta keeps it
// (30 days; a day less here), instead of once per message (a campaign would otherwise upload it per recipient).
const TTL_MS = 29 * 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 500;

const cache = new Map<string, { id: string; expiresAt: number }>();
const keyOf = (phoneNumberId: string, storageKey: string) => `${phoneNumberId}|${storageKey}`;

export function cachedHeaderMediaId(phoneNumberId: string, storageKey: string, now: number): string | null {
  const key = keyOf(phoneNumberId, storageKey);
  const hit = cache.get(key);
  if (!hit) return null;
  if (hit.expiresAt <= now) {
    cache.delete(key);
    return null;
  }
  return hit.id;
}

export function rememberHeaderMediaId(phoneNumberId: string, storageKey: string, id: string, now: number): void {
  // Oldest first out: a Map iterates in insertion order.
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(keyOf(phoneNumberId, storageKey), { id, expiresAt: now + TTL_MS });
}

/** A send Meta refused: the id may be gone (deleted or expired early), so the next message uploads again. */
export function forgetHeaderMediaId(phoneNumberId: string, storageKey: string): void {
  cache.delete(keyOf(phoneNumberId, storageKey));
}
