// The assistant's decision with a language model ("model mode"): the same intent rules and retrieval as the default
// mode decide first; the model only writes the answer, grounded in the retrieved articles, and hands off through the
// `handoff_to_human` tool (a state change the caller applies, never text parsing). Provider errors hand off too.
// The preview route calls it; so does the conversation object's bot turn, which streams the words to the agents
// watching (`onText`) and aborts the turn when a person takes over (`signal`).
import { generateText, stepCountIs, streamText, tool, type LanguageModel, type ModelMessage, type ToolSet } from "ai";
import { z } from "zod";
import { confident, handoff, retrieve, whatsappLength, type AssistantActions, type AssistantDecision, type HistoryItem, GREETING_REPLY, THANKS_REPLY } from "./default-reply";
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

const PRIORITIES = ["low", "normal", "high", "urgent"] as const;

/**
 * set_tags and set_priority record what the model asks for (the conversation applies it with the answer, as one
 * change); they answer "ok" so the model goes on to write its reply. set_tags is offered only with tags to choose.
 */
function actionTools(tagNames: ReadonlyArray<string>, actions: AssistantActions): ToolSet {
  const tools: ToolSet = {
    set_priority: tool({
      description: "Set the conversation's priority when the customer's message makes it clear (e.g. urgent for a broken item needed today).",
      inputSchema: z.object({ priority: z.enum(PRIORITIES) }),
      execute: async ({ priority }) => ((actions.priority = priority), { ok: true }),
    }),
  };
  if (tagNames.length) {
    tools.set_tags = tool({
      description: `Tag the conversation with what it is about. Only these tags exist: ${tagNames.join(", ")}.`,
      inputSchema: z.object({ tags: z.array(z.string()).max(5) }),
      execute: async ({ tags }) => {
        const known = tags.filter((t) => tagNames.includes(t));
        actions.tags = [...new Set([...(actions.tags ?? []), ...known])];
        return { ok: true, applied: known };
      },
    });
  }
  return tools;
}

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

/** streamText, passing the words on as they come; ends like generateText (text and tool calls), or throws. */
async function streamed(request: Parameters<typeof streamText>[0], onText: (soFar: string) => void) {
  let failure: unknown = null;
  const stream = streamText({ ...request, onError: ({ error }) => void (failure = error) });
  let soFar = "";
  for await (const delta of stream.textStream) {
    soFar += delta;
    onText(soFar);
  }
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return { text: await stream.text, toolCalls: await stream.toolCalls };
}

function messagesOf(message: string, history: ReadonlyArray<HistoryItem>): ModelMessage[] {
  const past: ModelMessage[] = history.slice(-10).map((h) => (h.direction === "in" ? { role: "user", content: h.text } : { role: "assistant", content: h.text }));
  return [...past, { role: "user", content: message }];
}

export async function decideWithModel(
  model: LanguageModel,
  index: KnowledgeIndex,
  message: string,
  history: ReadonlyArray<HistoryItem> = [],
  signal?: AbortSignal,
  onText?: (soFar: string) => void,
  tagNames: ReadonlyArray<string> = [],
): Promise<AssistantDecision> {
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
    const actions: AssistantActions = {};
    const request = {
      model,
      system: systemPrompt(articles),
      messages: messagesOf(message, history),
      // handoff_to_human has no execute: calling it ends the turn. The others answer and the model goes on.
      tools: { handoff_to_human: handoffTool, ...actionTools(tagNames, actions) },
      stopWhen: stepCountIs(3),
      abortSignal: signal ? AbortSignal.any([signal, AbortSignal.timeout(MODEL_TIMEOUT_MS)]) : AbortSignal.timeout(MODEL_TIMEOUT_MS),
      maxRetries: 1,
    };
    const result = onText ? await streamed(request, onText) : await generateText(request);
    const call = result.toolCalls.find((c) => c.toolName === "handoff_to_human");
    if (call) {
      const input = handoffInput.safeParse(call.input);
      const reason = input.success ? input.data.reason : "the model asked for a person";
      // Tags or a priority set on the way still apply: the person picking it up sees them.
      return { ...handoff(`model_handoff: ${reason}`), ...(actions.tags || actions.priority ? { actions } : {}) };
    }
    const text = result.text.trim();
    if (!text) return handoff("model_error: empty answer");
    const sources = (confident(index, hits) ? hits : hits.filter((h) => h.coverage >= 0.25)).map(({ articleId, title, score }) => ({ articleId, title, score }));
    return { reply: whatsappLength(text), handoff: false, reason: "answered", sources, ...(actions.tags || actions.priority ? { actions } : {}) };
  } catch (e) {
    return handoff(`model_error: ${e instanceof Error ? e.name : "unknown"}`);
  }
}
