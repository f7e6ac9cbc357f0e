// @mentions in internal notes: finding the "@name" being typed, and which people a finished note mentions.

import type { TokenAt } from "./canned";

/** The "@na" being typed at the caret: "@" at the start or after a space; up to two words, no line breaks. */
export function mentionTokenAt(text: string, caret: number): TokenAt | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([\p{L}\p{N}._-]{0,30}(?: [\p{L}\p{N}._-]{0,30})?)$/u.exec(before);
  return m ? { start: before.length - m[2]!.length - 1, query: m[2]! } : null;
}

const fold = (s: string) => s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();

/** People whose name (any word of it) starts with the query, accents ignored. */
export function matchPeople<T extends { name: string }>(people: readonly T[], query: string): T[] {
  const needle = fold(query.trim());
  if (!needle) return [...people];
  return people.filter((p) => fold(p.name).startsWith(needle) || fold(p.name).split(/\s+/).some((w) => w.startsWith(needle)));
}

/** Ids of the people whose "@Full Name" is still in the text when it is sent (a deleted mention notifies nobody). */
export function mentionedIds(text: string, people: ReadonlyArray<{ id: string; name: string }>): string[] {
  return people.filter((p) => text.includes(`@${p.name}`)).map((p) => p.id);
}
