// A short-lived, per-isolate memory of "this credential is this person", so a burst of API calls (a claim race,
// a busy inbox) does not queue on D1 — which answers one query at a time for the whole database — to read the same
// session again. Entries live 10 s; logging out, revoking a token, deactivating someone or changing their role or
// teams forgets them at once in this isolate (other isolates within the 10 s).
import type { Actor } from "../../shared/model";

const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;
const entries = new Map<string, { actor: Actor; until: number }>();

export function cachedActor(key: string): Actor | null {
  const hit = entries.get(key);
  if (!hit) return null;
  if (hit.until < Date.now()) {
    entries.delete(key);
    return null;
  }
  return hit.actor;
}

export function rememberActor(key: string, actor: Actor): void {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(key, { actor, until: Date.now() + TTL_MS });
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
