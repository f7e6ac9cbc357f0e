// The retrieval index over a workspace's knowledge articles: BM25 over Spanish terms (spanish-text.ts) with the title
// and tags weighted above the body, and typo tolerance through character n-grams and edit distance to the index's
// own vocabulary. Computed in memory from the articles (see knowledge-source.ts for why not D1 FTS5); pure.
import { editDistance, ngramSimilarity, terms } from "./spanish-text";

export interface KnowledgeArticle {
  id: string;
  title: string;
  body: string;
  tags: string[];
  enabled: boolean;
}

export interface KnowledgeHit {
  articleId: string;
  title: string;
  /** BM25 score of the article for the question (higher is better; not comparable across workspaces). */
  score: number;
  /** Share (0–1) of the question's informative weight that this article matches: how much of the question it answers. */
  coverage: number;
  /** Whether a matched word is in the title or tags (what the article is about), not only somewhere in its body. */
  onTopic: boolean;
}

interface IndexedArticle {
  article: KnowledgeArticle;
  /** Term → weighted frequency (title and tags count more than the body). */
  tf: Map<string, number>;
  /** Terms of the title and tags. */
  heading: Set<string>;
  length: number;
}

export interface KnowledgeIndex {
  articles: IndexedArticle[];
  df: Map<string, number>;
  averageLength: number;
  vocabulary: string[];
}

const FIELD_WEIGHT = { title: 3, tags: 2, body: 1 } as const;
const K1 = 1.2;
const B = 0.6;
/**
 * A question word the articles never use counts against coverage, but less than a topic word, and less again after
 * the first two: long WhatsApp messages carry names, places and chatter around the one thing they ask. Both are
 * shares of the weight of the rarest word, so the bar is the same for a 5-article base and a 500-article one.
 */
const UNKNOWN_TERM_WEIGHT = 0.4;
const EXTRA_UNKNOWN_WEIGHT = 0.13;
/** A typo-corrected term scores this fraction of an exact one. */
const FUZZY_DISCOUNT = 0.8;

export function buildIndex(articles: ReadonlyArray<KnowledgeArticle>): KnowledgeIndex {
  const indexed: IndexedArticle[] = [];
  const df = new Map<string, number>();
  for (const article of articles) {
    if (!article.enabled) continue;
    const tf = new Map<string, number>();
    let length = 0;
    const add = (text: string, weight: number) => {
      for (const t of terms(text)) {
        tf.set(t, (tf.get(t) ?? 0) + weight);
        length += weight;
      }
    };
    add(article.title, FIELD_WEIGHT.title);
    add(article.tags.join(" "), FIELD_WEIGHT.tags);
    const heading = new Set(tf.keys());
    add(article.body, FIELD_WEIGHT.body);
    for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    indexed.push({ article, tf, heading, length });
  }
  const averageLength = indexed.length ? indexed.reduce((s, a) => s + a.length, 0) / indexed.length : 1;
  return { articles: indexed, df, averageLength, vocabulary: [...df.keys()] };
}

/** The IDF of a word only one article uses: the most a single matched word can weigh in this index. */
export function rarestIdf(index: KnowledgeIndex): number {
  return idf(index, 1);
}

function idf(index: KnowledgeIndex, df: number): number {
  const n = index.articles.length;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Index terms a query term may stand for: itself, else the closest vocabulary words (typos, missing letters). */
function expand(index: KnowledgeIndex, term: string): Array<{ term: string; weight: number }> {
  if (index.df.has(term)) return [{ term, weight: 1 }];
  if (term.length < 4 || /^\d+$/.test(term)) return [];
  const maxEdits = term.length >= 7 ? 2 : 1;
  const candidates: Array<{ term: string; weight: number }> = [];
  for (const word of index.vocabulary) {
    if (Math.abs(word.length - term.length) > maxEdits || word.length < 4) continue;
    const similarity = ngramSimilarity(term, word);
    const edits = editDistance(term, word, maxEdits);
    if (edits <= maxEdits || similarity >= 0.6) candidates.push({ term: word, weight: FUZZY_DISCOUNT * Math.max(similarity, 1 - edits / (term.length + 1)) });
  }
  return candidates.sort((a, b) => b.weight - a.weight).slice(0, 2);
}

/** The best articles for a question, best first; only articles sharing at least one term with it. */
export function search(index: KnowledgeIndex, question: string, limit = 3): KnowledgeHit[] {
  if (!index.articles.length) return [];
  const queryTerms = [...new Set(terms(question))];
  if (!queryTerms.length) return [];
  const expanded = queryTerms.map((term) => ({ term, alternatives: expand(index, term) }));
  let unknown = 0;
  const rarest = rarestIdf(index);
  const totalWeight = expanded.reduce((sum, q) => {
    if (q.alternatives.length) return sum + Math.max(...q.alternatives.map((a) => a.weight * idf(index, index.df.get(a.term)!)));
    unknown++;
    return sum + rarest * (unknown <= 2 ? UNKNOWN_TERM_WEIGHT : EXTRA_UNKNOWN_WEIGHT);
  }, 0);

  const hits: KnowledgeHit[] = [];
  for (const doc of index.articles) {
    let score = 0;
    let matched = 0;
    let onTopic = false;
    for (const q of expanded) {
      let best = 0;
      let bestIdf = 0;
      for (const alt of q.alternatives) {
        if (doc.heading.has(alt.term)) onTopic = true;
        const tf = doc.tf.get(alt.term);
        if (!tf) continue;
        const termIdf = idf(index, index.df.get(alt.term)!);
        const s = alt.weight * termIdf * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / index.averageLength)));
        if (s > best) {
          best = s;
          bestIdf = alt.weight * termIdf;
        }
      }
      score += best;
      matched += bestIdf;
    }
    if (score > 0) hits.push({ articleId: doc.article.id, title: doc.article.title, score: round(score), coverage: round(totalWeight ? matched / totalWeight : 0), onTopic });
  }
  return hits.sort((a, b) => b.score - a.score || b.coverage - a.coverage).slice(0, limit);
}

const round = (n: number) => Math.round(n * 1000) / 1000;
