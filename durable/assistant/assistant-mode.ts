// Which mode the assistant runs in and the model it talks to: model mode only when OPENAI_API_KEY is set (any
// OpenAI-compatible server through OPENAI_BASE_URL, e.g. Ollama or LM Studio), otherwise the default mode, and then
// nothing leaves the machine. The preview route and the status route read it; the bot turn will too.
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";

export interface AssistantSettings {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  AI_MODEL?: string;
}

export const DEFAULT_MODEL = "gpt-4o-mini";

export function assistantMode(env: AssistantSettings): { mode: "default" | "model"; model: string | null } {
  if (modelForTests) return { mode: "model", model: "test" };
  return env.OPENAI_API_KEY ? { mode: "model", model: env.AI_MODEL || DEFAULT_MODEL } : { mode: "default", model: null };
}

let modelForTests: LanguageModel | null = null;

/**
 * Tests in the Workers runtime put the AI SDK's mock model here (routes have no other way in: a Worker's env holds
 * strings); null goes back to the environment's choice. Never called by production code.
 */
export function useModelInTests(model: LanguageModel | null): void {
  modelForTests = model;
}

/** The configured model, or null in default mode. Chat Completions, the API every OpenAI-compatible server speaks. */
export function assistantModel(env: AssistantSettings): LanguageModel | null {
  if (modelForTests) return modelForTests;
  if (!env.OPENAI_API_KEY) return null;
  const openai = createOpenAI({ apiKey: env.OPENAI_API_KEY, ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}) });
  return openai.chat(env.AI_MODEL || DEFAULT_MODEL);
}
