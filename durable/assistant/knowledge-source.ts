// A workspace's retrieval index, built from its D1 articles and cached per isolate, rebuilt when they change.
// Used by the assistant preview route now and by the conversation object's bot turn next.
//
// Why an index in memory and not D1 FTS5: FTS5 works in D1 and workerd, but its tokenizers know no Spanish (no
// stemmer, no variants such as "celular/móvil", no edit distance; spellfix1 is not allowed), drizzle-kit cannot
// generate its virtual tables, and D1's export refuses databases with virtual tables. A knowledge base is tens to a
// few hundred articles per workspace: building the index takes milliseconds, a question scores in well under one,
// and the same pure code runs in Node for the unit tests and the eval. "Re-indexed on every change" is a stamp
// (count, newest and sum of updated_at) read with each question: one indexed D1 query, no cross-isolate messages.
import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { knowledgeArticles } from "../../shared/db-schema";
import { buildIndex, type KnowledgeIndex } from "./knowledge-index";

const cache = new Map<string, { stamp: string; index: KnowledgeIndex }>();

/** The stamp changes whenever an article is added, edited, enabled/disabled or deleted (writes bump updated_at). */
async function stampOf(db: D1Database, workspaceId: string): Promise<string> {
  const row = await drizzle(db)
    .select({ n: sql<number>`count(*)`, newest: sql<number>`coalesce(max(${knowledgeArticles.updatedAt}), 0)`, sum: sql<number>`coalesce(sum(${knowledgeArticles.updatedAt}), 0)` })
    .from(knowledgeArticles)
    .where(eq(knowledgeArticles.workspaceId, workspaceId))
    .get();
  return `${row?.n ?? 0}:${row?.newest ?? 0}:${row?.sum ?? 0}`;
}

export async function knowledgeIndexFor(db: D1Database, workspaceId: string): Promise<KnowledgeIndex> {
  const stamp = await stampOf(db, workspaceId);
  const cached = cache.get(workspaceId);
  if (cached?.stamp === stamp) return cached.index;
  const rows = await drizzle(db)
    .select({ id: knowledgeArticles.id, title: knowledgeArticles.title, body: knowledgeArticles.body, tags: knowledgeArticles.tags, enabled: knowledgeArticles.enabled })
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.workspaceId, workspaceId), eq(knowledgeArticles.enabled, true)))
    .all();
  const index = buildIndex(rows);
  cache.set(workspaceId, { stamp, index });
  return index;
}

/** Drops this isolate's copy at once after a write here (other isolates notice through the stamp). */
export function forgetKnowledge(workspaceId: string): void {
  cache.delete(workspaceId);
}
