// A short-lived, per-isolate memory of "this credential is this person", so a burst of API calls (a claim race,
// a busy inbox) does not queue on D1 — which answers one query at a time for the whole database — to read the same
// session again. Entries live about 10 s, each a little more or less (jitter) so a burst's entries do not all expire
// and hit D1 together; logging out, revoking a token, deactivating someone or changing their role or teams forgets
// them at once in this isolate (other isolates within the lifetime).
import type { Actor } from "../../shared/model";
import type { Credential } from "./credential";

const TTL_MS = 10_000;
/** Each entry lives TTL_MS ± this share of it. */
const JITTER = 0.2;
const MAX_ENTRIES = 10_000;
type Entry = { actor: Actor; credential: Credential; until: number };
const entries = new Map<string, Entry>();

/** How long one entry lives: 8–12 s. */
export function entryLifetimeMs(random = Math.random()): number {
  return Math.round(TTL_MS * (1 - JITTER + 2 * JITTER * random));
}

export function cachedActor(key: string): Entry | null {
  const hit = entries.get(key);
  if (!hit) return null;
  if (hit.until < Date.now()) {
    entries.delete(key);
    return null;
  }
  return hit;
}

export function rememberActor(key: string, actor: Actor, credential: Credential): void {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(key, { actor, credential, until: Date.now() + entryLifetimeMs() });
}

export function forgetCredential(key: string): void {
  entries.delete(key);
}

/** Everything cached about a person (deactivated, or their role or teams changed). */
export function forgetAgent(agentId: string): void {
  for (const [key, entry] of entries) if (entry.actor.agentId === agentId) entries.delete(key);
}

/** A workspace setting every actor carries changed (agents see all). */
export function forgetWorkspace(workspaceId: string): void {
  for (const [key, entry] of entries) if (entry.actor.workspaceId === workspaceId) entries.delete(key);
}
