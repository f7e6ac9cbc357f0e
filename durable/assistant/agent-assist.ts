// Agent assist (model mode only): a suggested reply grounded in the knowledge articles, a summary of the
// conversation for whoever takes it over (the transfer note), and a draft rephrased or translated. The agent always
// reviews the text before anything is sent; nothing here writes to the conversation.
import { generateText, type LanguageModel } from "ai";
import { whatsappLength } from "./default-reply";

export type AssistTask = "suggest" | "summarize" | "rephrase";

export interface AssistLine {
  /** in: the customer; out: the business (an agent or the bot); note: internal. */
  direction: "in" | "out" | "note";
  author: string | null;
  text: string;
}

export interface AssistInput {
  lines: ReadonlyArray<AssistLine>;
  /** The agent's draft (rephrase). */
  draft?: string;
  /** Rephrase into this language instead of the draft's own (e.g. "English", "português"). */
  language?: string;
  /** Articles retrieved for the customer's last message (suggest). */
  articles?: ReadonlyArray<{ title: string; body: string }>;
}

const TIMEOUT_MS = 20_000;

function transcript(lines: ReadonlyArray<AssistLine>): string {
  const who = (l: AssistLine) => (l.direction === "in" ? "Cliente" : l.direction === "note" ? `Nota interna (${l.author ?? "equipo"})` : l.author ?? "Empresa");
  return lines.map((l) => `${who(l)}: ${l.text}`).join("\n");
}

function instructions(task: AssistTask, input: AssistInput): string {
  switch (task) {
    case "suggest":
      return [
        "You help a customer-service agent answer on WhatsApp. Write the agent's next message to the customer.",
        "Use only facts from the conversation and the articles below; if they do not answer it, write a short message saying you will check.",
        "Write in the customer's language, friendly and short (WhatsApp). Never include internal notes. Reply with the message text only.",
        "",
        ...(input.articles ?? []).map((a, i) => `## Article ${i + 1}: ${a.title}\n${a.body}`),
      ].join("\n");
    case "summarize":
      return "Summarise this WhatsApp conversation for a colleague who takes it over: who the customer is, what they want, what was already said or done, and what is pending. 3 to 5 short bullet points, in Spanish. Reply with the bullet points only.";
    case "rephrase":
      return input.language
        ? `Translate the agent's draft into ${input.language}, keeping its meaning, facts and tone. Reply with the translated text only.`
        : "Rewrite the agent's draft so it is clear, friendly and correctly written, in the same language, keeping every fact. Reply with the rewritten text only.";
  }
}

export async function assist(model: LanguageModel, task: AssistTask, input: AssistInput, signal?: AbortSignal): Promise<string> {
  const prompt = task === "rephrase" ? `Draft:\n${input.draft ?? ""}\n\nConversation so far:\n${transcript(input.lines.slice(-10))}` : transcript(input.lines.slice(-40));
  const { text } = await generateText({ model, system: instructions(task, input), prompt, abortSignal: signal ?? AbortSignal.timeout(TIMEOUT_MS), maxRetries: 1 });
  const out = text.trim();
  return task === "summarize" ? out : whatsappLength(out);
}
