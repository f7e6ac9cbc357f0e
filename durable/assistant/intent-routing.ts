// AI intent routing: which team a new conversation's first message belongs to, with a confidence in 0–1. The routing
// engine (durable/workspace/routing.ts) uses a guess at or above the workspace's threshold and otherwise falls back
// to its rules. Default mode needs no model: the message is matched against the knowledge base, and the best
// article's tags name the team (a tag written like a team's name, ignoring case and accents — tag "ventas" ↔ team
// "Ventas"); the confidence is how much of the message that article covers. Model mode asks the model to choose.
import { generateText, Output, type LanguageModel } from "ai";
import { z } from "zod";
import { confident, retrieve } from "./default-reply";
import type { KnowledgeIndex } from "./knowledge-index";
import { normalize } from "./spanish-text";

export interface TeamChoice {
  id: string;
  name: string;
}

export interface IntentGuess {
  teamId: string;
  confidence: number;
  /** How it was decided, for the activity line: the article that matched, or the model. */
  basis: string;
}

const MODEL_TIMEOUT_MS = 5_000;

export function classifyByKnowledge(index: KnowledgeIndex, text: string, teams: ReadonlyArray<TeamChoice>): IntentGuess | null {
  const hits = retrieve(index, text);
  if (!teams.length || !confident(index, hits)) return null;
  const top = hits[0]!;
  const article = index.articles.find((a) => a.article.id === top.articleId)!.article;
  const tags = new Set(article.tags.map(normalize));
  const named = teams.filter((t) => tags.has(normalize(t.name)));
  // Tags that name two teams do not say which one.
  if (named.length !== 1) return null;
  return { teamId: named[0]!.id, confidence: top.coverage, basis: `artículo «${article.title}»` };
}

export async function classifyWithModel(model: LanguageModel, text: string, teams: ReadonlyArray<TeamChoice>, signal?: AbortSignal): Promise<IntentGuess | null> {
  if (!teams.length || !text.trim()) return null;
  try {
    const { output } = await generateText({
      model,
      output: Output.object({
        schema: z.object({
          team: z.string().describe("The team's name exactly as listed, or \"none\" when none fits."),
          confidence: z.number().min(0).max(1).describe("How sure you are, 0 to 1."),
        }),
      }),
      system: [
        "You route a business's WhatsApp conversations to the team that should answer them.",
        "Read the customer's first message and choose one team, or \"none\" when none clearly fits.",
        `Teams: ${teams.map((t) => t.name).join(", ")}.`,
      ].join("\n"),
      prompt: text,
      abortSignal: signal ?? AbortSignal.timeout(MODEL_TIMEOUT_MS),
      maxRetries: 0,
    });
    const team = teams.find((t) => normalize(t.name) === normalize(output.team));
    return team ? { teamId: team.id, confidence: output.confidence, basis: "modelo" } : null;
  } catch {
    // The rules decide instead: a provider error must not hold a conversation back.
    return null;
  }
}
