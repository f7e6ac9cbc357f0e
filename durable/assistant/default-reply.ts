// The assistant's decision without a model ("default mode"): intent rules first (a person, a complaint, urgency,
// the customer's own records, unsafe requests hand off), then greetings and thanks, then the best article when
// retrieval is confident, else hand off. Pure: the preview route and the conversation object's bot turn call it.
import { handoffIntent, smallTalk } from "./intents";
import { rarestIdf, search, type KnowledgeHit, type KnowledgeIndex } from "./knowledge-index";
import { terms } from "./spanish-text";

export interface HistoryItem {
  direction: "in" | "out";
  text: string;
}

export interface AssistantSource {
  articleId: string;
  title: string;
  score: number;
}

export interface AssistantDecision {
  /** What the bot would send; null when it hands off without words of its own (the channel's handoff message goes). */
  reply: string | null;
  handoff: boolean;
  /** A stable code: answered, greeting, thanks, asks_for_person, complaint, urgent, own_records, unsafe, no_confident_article, no_knowledge, empty_message; model mode adds model_handoff, model_error. */
  reason: string;
  sources: AssistantSource[];
  /** Model mode: what the model's set_tags / set_priority tools asked for (tag names as the workspace spells them). */
  actions?: AssistantActions;
}

export interface AssistantActions {
  tags?: string[];
  priority?: "low" | "normal" | "high" | "urgent";
}

/** Retrieval is trusted when the best article covers this share of the question's informative words… */
export const MIN_COVERAGE = 0.45;
/** …or this much when the match is only in its body (a word in passing, not what the article is about)… */
export const MIN_COVERAGE_BODY_ONLY = 0.7;
/**
 * …and scores at least this share of the weight of a word only one article uses (one rare word matched in a title
 * is enough; one word half the articles use is not). Relative, so a 5-article base and a 500-article one behave alike.
 */
export const MIN_SCORE_RATIO = 0.72;
/** WhatsApp messages longer than this are cut at a paragraph (the whole article stays in the knowledge base). */
export const MAX_REPLY_CHARS = 1_000;

export const GREETING_REPLY = "¡Hola! 👋 Soy el asistente virtual. Cuéntame en qué puedo ayudarte.";
export const THANKS_REPLY = "¡Con gusto! Si necesitas algo más, aquí estoy.";

export function handoff(reason: string): AssistantDecision {
  return { reply: null, handoff: true, reason, sources: [] };
}

/** The articles a question is about. A short follow-up ("¿y a Canarias?") is read together with the customer's previous message. */
export function retrieve(index: KnowledgeIndex, message: string, history: ReadonlyArray<HistoryItem> = []): KnowledgeHit[] {
  const hits = search(index, message);
  const previous = [...history].reverse().find((h) => h.direction === "in" && h.text.trim() && h.text !== message);
  if (!previous || terms(message).length > 3 || confident(index, hits)) return hits;
  const combined = search(index, `${previous.text} ${message}`);
  return confident(index, combined) ? combined : hits;
}

export function confident(index: KnowledgeIndex, hits: ReadonlyArray<KnowledgeHit>): boolean {
  const top = hits[0];
  return !!top && top.coverage >= (top.onTopic ? MIN_COVERAGE : MIN_COVERAGE_BODY_ONLY) && top.score >= MIN_SCORE_RATIO * rarestIdf(index);
}

export function decideDefault(index: KnowledgeIndex, message: string, history: ReadonlyArray<HistoryItem> = []): AssistantDecision {
  if (!message.trim()) return handoff("empty_message");
  const intent = handoffIntent(message);
  if (intent) return handoff(intent);
  const talk = smallTalk(message);
  if (talk) return { reply: talk === "greeting" ? GREETING_REPLY : THANKS_REPLY, handoff: false, reason: talk, sources: [] };
  if (!index.articles.length) return handoff("no_knowledge");
  const hits = retrieve(index, message, history);
  if (!confident(index, hits)) return handoff("no_confident_article");
  const best = index.articles.find((a) => a.article.id === hits[0]!.articleId)!.article;
  return { reply: whatsappLength(best.body), handoff: false, reason: "answered", sources: hits.filter(confidentEnough).map(({ articleId, title, score }) => ({ articleId, title, score })) };
}

/** Other hits are listed as sources only when they are nearly as good as the best one. */
function confidentEnough(hit: KnowledgeHit, i: number, hits: ReadonlyArray<KnowledgeHit>): boolean {
  return i === 0 || (hit.coverage >= MIN_COVERAGE && hit.score >= hits[0]!.score * 0.8);
}

export function whatsappLength(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= MAX_REPLY_CHARS) return trimmed;
  const cut = trimmed.slice(0, MAX_REPLY_CHARS);
  const paragraph = cut.lastIndexOf("\n\n");
  const sentence = cut.lastIndexOf(". ");
  const at = paragraph > MAX_REPLY_CHARS / 2 ? paragraph : sentence > MAX_REPLY_CHARS / 2 ? sentence + 1 : cut.lastIndexOf(" ");
  return `${trimmed.slice(0, at).trim()} …`;
}
