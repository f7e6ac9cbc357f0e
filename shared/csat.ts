// The satisfaction survey sent when a conversation is resolved: three reply buttons (good, okay, bad), and how a
// customer's answer is read — the button, or a typed number or word ("5", "bien", "malo", "excelente").
// Scores are 1–5 so typed ratings keep their meaning: the buttons are 5, 3 and 1.

import { answerWords } from "./text-fold";

export interface SurveyPolicy {
  question: string;
  /** Button titles for good, okay, bad (WhatsApp shows at most 20 characters each). */
  labels: [string, string, string];
  thanks: string;
}

export const DEFAULT_SURVEY: SurveyPolicy = {
  question: "¿Cómo valorarías la atención que recibiste?",
  labels: ["😀 Bien", "😐 Regular", "😞 Mal"],
  thanks: "¡Gracias por tu valoración! Si quieres, cuéntanos en un mensaje qué podemos mejorar.",
};

/** WhatsApp's limit on a reply button's title. */
export const BUTTON_TITLE_MAX = 20;
export const BUTTON_SCORES = [5, 3, 1] as const;
const BUTTON_PREFIX = "csat_";

/** The interactive message's content as the Graph API takes it (`interactive` of a send). */
export function surveyContent(policy: SurveyPolicy): Record<string, unknown> {
  return {
    type: "button",
    body: { text: policy.question },
    action: { buttons: policy.labels.map((title, i) => ({ type: "reply", reply: { id: `${BUTTON_PREFIX}${BUTTON_SCORES[i]}`, title } })) },
  };
}

/** Words that match a button: good (5), okay (3), bad (1). Only the whole message counts, so "no está bien" is no answer. */
const WORDS: Array<[number, RegExp]> = [
  [1, /^(muy mal[oa]?|mal[oa]?|pesim[oa]|fatal|horrible|terrible|bad|awful|very bad|😞|😡|😠|👎)$/],
  [3, /^(regular|normal|mas o menos|ni bien ni mal|meh|😐)$/],
  [5, /^(excelente|muy bien|muy buen[oa]|bien|buen[oa]|genial|perfect[oa]|estupend[oa]|great|excellent|very good|good|satisfech[oa]|😀|😃|😊|👍|❤️)$/],
];

/** The score (1–5) a customer's message gives, or null when it is not an answer (then it is a normal message). */
export function surveyScore(message: { kind: string; text: string | null; content?: unknown }): number | null {
  const content = (message.content ?? {}) as { type?: string; button_reply?: { id?: string } };
  if (message.kind === "interactive" && content.type === "button_reply") {
    const id = content.button_reply?.id ?? "";
    const score = id.startsWith(BUTTON_PREFIX) ? Number(id.slice(BUTTON_PREFIX.length)) : NaN;
    return Number.isInteger(score) && score >= 1 && score <= 5 ? score : null;
  }
  if (message.kind !== "text" && message.kind !== "button") return null;
  const text = answerWords(message.text ?? "");
  const digits = /^([1-5])(?: ?\/ ?5| de 5| estrellas?)?$/.exec(text);
  if (digits) return Number(digits[1]);
  for (const [score, words] of WORDS) if (words.test(text)) return score;
  return null;
}
