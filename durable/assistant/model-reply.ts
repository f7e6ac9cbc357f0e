// The assistant's decision with a language model ("model mode"): the same intent rules and retrieval as the default
// mode decide first; the model only writes the answer, grounded in the retrieved articles, and hands off through the
// `handoff_to_human` tool (a state change the caller applies, never text parsing). Provider errors hand off too.
// The preview route uses it now; the conversation object's bot turn next (it adds streaming and cancellation).
import { generateText, tool, type LanguageModel, type ModelMessage } from "ai";
import { z } from "zod";
import { confident, handoff, retrieve, whatsappLength, type AssistantDecision, type HistoryItem, GREETING_REPLY, THANKS_REPLY } from "./default-reply";
import { handoffIntent, smallTalk } from "./intents";
import type { KnowledgeIndex } from "./knowledge-index";

/** Articles given to the model: the best few, so the prompt stays small and on topic. */
const MAX_ARTICLES = 3;
const MODEL_TIMEOUT_MS = 20_000;

const handoffInput = z.object({
  reason: z.string().describe("Why a person must take over, in a few words, for the agent who picks it up."),
  team: z.string().optional().describe("The team that should take it, if one is obvious."),
});

export const handoffTool = tool({
  description: "Hand the conversation to a person. Use it when the articles do not answer the question, when the customer asks for a person, complains, has an emergency, or asks about their own records (appointments, orders, invoices, results).",
  inputSchema: handoffInput,
});

export function systemPrompt(articles: ReadonlyArray<{ title: string; body: string }>): string {
  return [
    "You are the WhatsApp assistant of a business. Answer the customer ONLY with facts from the articles below.",
    "If the articles do not contain the answer, or the customer needs a person, call handoff_to_human instead of answering.",
    "Never invent prices, dates, policies or personal data. Never give medical, legal or financial advice.",
    "Reply in the language the customer writes in, in a friendly WhatsApp style: short (at most 3 short paragraphs), no headings.",
    "",
    ...articles.map((a, i) => `## Article ${i + 1}: ${a.title}\n${a.body}`),
  ].join("\n");
}

function messagesOf(message: string, history: ReadonlyArray<HistoryItem>): ModelMessage[] {
  const past: ModelMessage[] = history.slice(-10).map((h) => (h.direction === "in" ? { role: "user", content: h.text } : { role: "assistant", content: h.text }));
  return [...past, { role: "user", content: message }];
}

export async function decideWithModel(model: LanguageModel, index: KnowledgeIndex, message: string, history: ReadonlyArray<HistoryItem> = [], signal?: AbortSignal): Promise<AssistantDecision> {
  if (!message.trim()) return handoff("empty_message");
  const intent = handoffIntent(message);
  if (intent) return handoff(intent);
  const talk = smallTalk(message);
  if (talk) return { reply: talk === "greeting" ? GREETING_REPLY : THANKS_REPLY, handoff: false, reason: talk, sources: [] };
  const hits = retrieve(index, message, history).slice(0, MAX_ARTICLES);
  // Nothing relevant to ground an answer on: the model would only be guessing.
  if (!hits.length || !hits.some((h) => h.coverage >= 0.25)) return handoff("no_confident_article");
  const articles = hits.map((h) => index.articles.find((a) => a.article.id === h.articleId)!.article);
  try {
    const result = await generateText({
      model,
      system: systemPrompt(articles),
      messages: messagesOf(message, history),
      tools: { handoff_to_human: handoffTool },
      abortSignal: signal ?? AbortSignal.timeout(MODEL_TIMEOUT_MS),
      maxRetries: 1,
    });
    const call = result.toolCalls.find((c) => c.toolName === "handoff_to_human");
    if (call) {
      const input = handoffInput.safeParse(call.input);
      const reason = input.success ? input.data.reason : "the model asked for a person";
      return handoff(`model_handoff: ${reason}`);
    }
    const text = result.text.trim();
    if (!text) return handoff("model_error: empty answer");
    const sources = (confident(index, hits) ? hits : hits.filter((h) => h.coverage >= 0.25)).map(({ articleId, title, score }) => ({ articleId, title, score }));
    return { reply: whatsappLength(text), handoff: false, reason: "answered", sources };
  } catch (e) {
    return handoff(`model_error: ${e instanceof Error ? e.name : "unknown"}`);
  }
}
